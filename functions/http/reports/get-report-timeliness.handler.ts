import { reportTimeliness } from '#shared/application/reports/report-deadlines.use-case';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { httpHandler } from '#shared/http/http-handler';
import { getReportTimelinessRoute } from '#shared/manifest';

export const handler = httpHandler(getReportTimelinessRoute, async ({ principal, query, now }) => ({
  body: await reportTimeliness(principal, query, shanghaiDate(now)),
}));
