import { putBudget } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putBudgetRoute } from '#shared/manifest';

export const handler = httpHandler(putBudgetRoute, async ({ params, body, actor }) => ({
  body: await putBudget(actor(), params.year, params.code, body),
}));
