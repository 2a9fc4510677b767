import { submitScores } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putEvaluationScores', async ({ params, body, actor }) => ({
  body: await submitScores(actor(), params.id, body),
}));
