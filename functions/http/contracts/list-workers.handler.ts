import { contractRoster } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listWorkers', async ({ principal, params }) => ({
  body: { items: await contractRoster(principal, params.id) },
}));
