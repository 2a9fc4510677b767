import { readReport } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getReportRoute } from '#shared/manifest';

export const handler = httpHandler(getReportRoute, async ({ principal, params }) => ({
  body: await readReport(principal, params.id),
}));
