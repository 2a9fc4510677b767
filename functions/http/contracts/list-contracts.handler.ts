import { listContracts } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listContracts', async ({ principal, query }) => ({
  body: await listContracts(principal, query),
}));
