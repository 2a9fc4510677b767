import { recordExpenditure } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createLedgerEntry', async ({ params, body, actor }) => ({
  status: 201,
  body: await recordExpenditure(actor(), params.id, body),
}));
