import { listRecoveryCases } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listRecoveryCasesRoute } from '#shared/manifest';

export const handler = httpHandler(listRecoveryCasesRoute, async ({ principal, query }) => ({
  body: { items: await listRecoveryCases(principal, query) },
}));
