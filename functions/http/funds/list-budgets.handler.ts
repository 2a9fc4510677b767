import { listBudgets } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listBudgetsRoute } from '#shared/manifest';

export const handler = httpHandler(listBudgetsRoute, async ({ principal, params }) => ({
  body: { items: await listBudgets(principal, params.year) },
}));
