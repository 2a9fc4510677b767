import { listEvaluations } from '#shared/application/evaluation/evaluations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listEvaluationsRoute } from '#shared/manifest';

export const handler = httpHandler(listEvaluationsRoute, async ({ principal, query }) => ({
  body: { items: await listEvaluations(principal, query) },
}));
