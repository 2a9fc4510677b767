import { listVolunteerHours } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listVolunteerHoursRoute } from '#shared/manifest';

export const handler = httpHandler(listVolunteerHoursRoute, async ({ principal, params, query, now }) => ({
  body: await listVolunteerHours(principal, params.id, query, now),
}));
