import { listBudgets } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listBudgets', async ({ principal, params }) => ({
  body: { items: await listBudgets(principal, params.year) },
}));
