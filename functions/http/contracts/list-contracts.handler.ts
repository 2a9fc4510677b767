import { listContracts } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listContractsRoute } from '#shared/manifest';

export const handler = httpHandler(listContractsRoute, async ({ principal, query }) => ({
  body: await listContracts(principal, query),
}));
