import { voucherUploadUrl } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createVoucherUploadUrl', async ({ params, body, actor }) => ({
  status: 201,
  body: await voucherUploadUrl(actor(), params.id, body),
}));
