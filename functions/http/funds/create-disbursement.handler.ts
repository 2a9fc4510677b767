import { recordDisbursement } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createDisbursement', async ({ params, body, actor }) => ({
  status: 201,
  body: await recordDisbursement(actor(), params.id, body),
}));
