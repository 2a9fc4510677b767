import { advanceCase } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { assessCaseRoute } from '#shared/manifest';

export const handler = httpHandler(assessCaseRoute, async ({ params, body, actor }) => ({
  body: await advanceCase(actor(), params.id, body.version, { stage: 'assessment', ...body }),
}));
