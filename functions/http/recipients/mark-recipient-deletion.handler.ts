import { markRecipientForDeletion } from '#shared/application/recipients/recipients.use-case';
import { maskedRecipient } from '#shared/domain/recipients/recipient';
import { httpHandler } from '#shared/http/http-handler';
import { markRecipientDeletionRoute } from '#shared/manifest';

export const handler = httpHandler(markRecipientDeletionRoute, async ({ params, body, actor }) => ({
  body: maskedRecipient(await markRecipientForDeletion(actor(), params.id, body)),
}));
