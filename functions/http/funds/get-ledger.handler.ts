import { contractLedger } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getLedger', async ({ principal, params }) => ({
  body: await contractLedger(principal, params.id),
}));
