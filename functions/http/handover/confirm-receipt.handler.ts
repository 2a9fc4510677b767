import { confirmReceipt } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('confirmHandoverReceipt', async ({ params, body, actor }) => ({
  body: await confirmReceipt(actor(), params.id, body.version),
}));
