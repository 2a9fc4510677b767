import { openCase } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { openCaseRoute } from '#shared/manifest';

export const handler = httpHandler(openCaseRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await openCase(actor(), params.id, body),
}));
