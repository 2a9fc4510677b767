import { registerVolunteer } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { registerVolunteerRoute } from '#shared/manifest';

export const handler = httpHandler(registerVolunteerRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await registerVolunteer(actor(), params.id, body),
}));
