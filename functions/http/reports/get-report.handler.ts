import { readReport } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getReport', async ({ principal, params }) => ({
  body: await readReport(principal, params.id),
}));
