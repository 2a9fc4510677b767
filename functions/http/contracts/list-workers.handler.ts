import { contractRoster } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listWorkersRoute } from '#shared/manifest';

export const handler = httpHandler(listWorkersRoute, async ({ principal, params }) => ({
  body: { items: await contractRoster(principal, params.id) },
}));
