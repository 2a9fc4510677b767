import { putBudget } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putBudget', async ({ params, body, actor }) => ({
  body: await putBudget(actor(), params.year, params.code, body),
}));
