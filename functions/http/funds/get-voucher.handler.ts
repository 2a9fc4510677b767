import { voucherDownload } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getVoucher', async ({ principal, params }) => ({
  body: await voucherDownload(principal, params.id, params.entryId),
}));
