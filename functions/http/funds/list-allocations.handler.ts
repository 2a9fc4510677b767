import { listAllocations } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listAllocationsRoute } from '#shared/manifest';

export const handler = httpHandler(listAllocationsRoute, async ({ query }) => ({
  body: { items: await listAllocations(query.year) },
}));
