import { recordExpenditure } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createLedgerEntryRoute } from '#shared/manifest';

export const handler = httpHandler(createLedgerEntryRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await recordExpenditure(actor(), params.id, body),
}));
