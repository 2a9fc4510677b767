import { listAllocations } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listAllocations', async ({ query }) => ({
  body: { items: await listAllocations(query.year) },
}));
