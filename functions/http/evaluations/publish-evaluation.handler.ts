import { publishEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { publishEvaluationRoute } from '#shared/manifest';

export const handler = httpHandler(publishEvaluationRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await publishEvaluation(actor(), params.id, body.version),
}));
