import { commissionEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { commissionEvaluationRoute } from '#shared/manifest';

export const handler = httpHandler(commissionEvaluationRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await commissionEvaluation(actor(), params.id, body),
}));
