import { advanceCase } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { closeCaseRoute } from '#shared/manifest';

export const handler = httpHandler(closeCaseRoute, async ({ params, body, actor }) => ({
  body: await advanceCase(actor(), params.id, body.version, { stage: 'closed', ...body }),
}));
