import { reEvaluate } from '#shared/application/evaluation/re-evaluation.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { reEvaluateEvaluationRoute } from '#shared/manifest';

export const handler = httpHandler(reEvaluateEvaluationRoute, async ({ params, body, actor }) => ({
  body: await reEvaluate(actor(), params.id, body),
}));
