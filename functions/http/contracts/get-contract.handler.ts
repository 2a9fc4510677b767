import { readContract } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getContractRoute } from '#shared/manifest';

export const handler = httpHandler(getContractRoute, async ({ principal, params }) => ({
  body: await readContract(principal, params.id),
}));
