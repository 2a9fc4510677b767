import { readReport } from '#shared/application/reports/reports.use-case';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { httpHandler } from '#shared/http/http-handler';
import { getReportRoute } from '#shared/manifest';

export const handler = httpHandler(getReportRoute, async ({ principal, params, now }) => ({
  body: await readReport(principal, params.id, shanghaiDate(now)),
}));
