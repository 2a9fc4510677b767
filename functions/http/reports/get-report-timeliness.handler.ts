import { reportTimeliness } from '#shared/application/reports/report-deadlines.use-case';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getReportTimeliness', async ({ principal, query, now }) => ({
  body: await reportTimeliness(principal, query, shanghaiDate(now)),
}));
