import { recordRepayment } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createRepaymentRoute } from '#shared/manifest';

export const handler = httpHandler(createRepaymentRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await recordRepayment(actor(), params.id, body),
}));
