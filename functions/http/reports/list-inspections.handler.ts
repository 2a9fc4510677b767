import { listInspections } from '#shared/application/reports/inspections.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listInspections', async ({ principal, query }) => ({
  body: { items: await listInspections(principal, query) },
}));
