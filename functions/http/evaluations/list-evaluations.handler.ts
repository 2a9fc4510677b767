import { listEvaluations } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listEvaluations', async ({ principal, query }) => ({
  body: { items: await listEvaluations(principal, query) },
}));
