import { listReports } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listReportsRoute } from '#shared/manifest';

export const handler = httpHandler(listReportsRoute, async ({ principal, query, now }) => ({
  body: await listReports(principal, query, now),
}));
