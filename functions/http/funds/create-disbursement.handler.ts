import { recordDisbursement } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createDisbursementRoute } from '#shared/manifest';

export const handler = httpHandler(createDisbursementRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await recordDisbursement(actor(), params.id, body),
}));
