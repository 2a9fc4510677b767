import { recordRepayment } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createRepayment', async ({ params, body, actor }) => ({
  status: 201,
  body: await recordRepayment(actor(), params.id, body),
}));
