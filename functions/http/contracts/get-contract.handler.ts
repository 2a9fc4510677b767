import { readContract } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getContract', async ({ principal, params }) => ({
  body: await readContract(principal, params.id),
}));
