import { commissionEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('commissionEvaluation', async ({ params, body, actor }) => ({
  status: 201,
  body: await commissionEvaluation(actor(), params.id, body),
}));
