import { runAllocation } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { runAllocationRoute } from '#shared/manifest';

export const handler = httpHandler(runAllocationRoute, async ({ body, actor }) => ({
  status: 201,
  body: await runAllocation(actor(), body),
}));
