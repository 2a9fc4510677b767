import { confirmReceipt } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { confirmHandoverReceiptRoute } from '#shared/manifest';

export const handler = httpHandler(confirmHandoverReceiptRoute, async ({ params, body, actor }) => ({
  body: await confirmReceipt(actor(), params.id, body.version),
}));
