import { listReports } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listReports', async ({ principal, query, now }) => ({
  body: await listReports(principal, query, now),
}));
