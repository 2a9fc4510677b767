import { readEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getEvaluationRoute } from '#shared/manifest';

export const handler = httpHandler(getEvaluationRoute, async ({ principal, params }) => ({
  body: await readEvaluation(principal, params.id),
}));
