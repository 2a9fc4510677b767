import { putCalendarYear } from '#shared/application/calendar/calendar.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putCalendarYearRoute } from '#shared/manifest';

export const handler = httpHandler(putCalendarYearRoute, async ({ params, body, actor }) => ({
  body: await putCalendarYear(actor(), params.year, body),
}));
