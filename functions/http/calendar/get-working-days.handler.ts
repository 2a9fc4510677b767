import { type WorkingDaysQuery, workingDays } from '#shared/application/calendar/calendar.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getWorkingDaysRoute } from '#shared/manifest';

export const handler = httpHandler(getWorkingDaysRoute, async ({ query }) => ({
  // The schema admits exactly one of the two shapes.
  body: await workingDays(query as WorkingDaysQuery),
}));
