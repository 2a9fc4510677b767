import { listRecoveryCases } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listRecoveryCases', async ({ principal, query }) => ({
  body: { items: await listRecoveryCases(principal, query) },
}));
