import { voucherDownload } from '#shared/application/funds/payments.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getVoucherRoute } from '#shared/manifest';

export const handler = httpHandler(getVoucherRoute, async ({ principal, params }) => ({
  body: await voucherDownload(principal, params.id, params.entryId),
}));
