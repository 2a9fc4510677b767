import { voucherUploadUrl } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createVoucherUploadUrlRoute } from '#shared/manifest';

export const handler = httpHandler(createVoucherUploadUrlRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await voucherUploadUrl(actor(), params.id, body),
}));
