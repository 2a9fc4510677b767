import { confirmEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { confirmEvaluationRoute } from '#shared/manifest';

export const handler = httpHandler(confirmEvaluationRoute, async ({ params, body, actor }) => ({
  body: await confirmEvaluation(actor(), params.id, body.version),
}));
