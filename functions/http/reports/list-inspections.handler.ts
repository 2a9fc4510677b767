import { listInspections } from '#shared/application/reports/inspections.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listInspectionsRoute } from '#shared/manifest';

export const handler = httpHandler(listInspectionsRoute, async ({ principal, query }) => ({
  body: { items: await listInspections(principal, query) },
}));
