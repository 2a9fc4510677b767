import { submitScores } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putEvaluationScoresRoute } from '#shared/manifest';

export const handler = httpHandler(putEvaluationScoresRoute, async ({ params, body, actor }) => ({
  body: await submitScores(actor(), params.id, body),
}));
