import { putCalendarYear } from '#shared/application/calendar/calendar.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putCalendarYear', async ({ params, body, actor }) => ({
  body: await putCalendarYear(actor(), params.year, body),
}));
