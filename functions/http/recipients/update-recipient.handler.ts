import { updateRecipient } from '#shared/application/recipients/recipients.use-case';
import { maskedRecipient } from '#shared/domain/recipients/recipient';
import { httpHandler } from '#shared/http/http-handler';
import { updateRecipientRoute } from '#shared/manifest';

export const handler = httpHandler(updateRecipientRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...patch } = body;
  return { body: maskedRecipient(await updateRecipient(actor(), params.id, patch)) };
});
