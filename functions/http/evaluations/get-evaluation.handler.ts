import { readEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getEvaluation', async ({ principal, params }) => ({
  body: await readEvaluation(principal, params.id),
}));
