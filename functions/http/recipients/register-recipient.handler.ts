import { registerRecipient } from '#shared/application/recipients/recipients.use-case';
import { maskedRecipient } from '#shared/domain/recipients/recipient';
import { httpHandler } from '#shared/http/http-handler';
import { registerRecipientRoute } from '#shared/manifest';

export const handler = httpHandler(registerRecipientRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: maskedRecipient(await registerRecipient(actor(), params.id, body)),
}));
