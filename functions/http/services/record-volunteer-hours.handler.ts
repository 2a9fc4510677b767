import { recordVolunteerHours } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { recordVolunteerHoursRoute } from '#shared/manifest';

export const handler = httpHandler(recordVolunteerHoursRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await recordVolunteerHours(actor(), params.id, body),
}));
