import { runAllocation } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('runAllocation', async ({ body, actor }) => ({
  status: 201,
  body: await runAllocation(actor(), body),
}));
