import { contractLedger } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getLedgerRoute } from '#shared/manifest';

export const handler = httpHandler(getLedgerRoute, async ({ principal, params }) => ({
  body: await contractLedger(principal, params.id),
}));
