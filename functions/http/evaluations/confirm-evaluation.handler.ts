import { confirmEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('confirmEvaluation', async ({ params, body, actor }) => ({
  body: await confirmEvaluation(actor(), params.id, body.version),
}));
