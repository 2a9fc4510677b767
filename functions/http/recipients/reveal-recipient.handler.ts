import { revealRecipient } from '#shared/application/recipients/recipients.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { revealRecipientRoute } from '#shared/manifest';

/** The recipient's personal data in full, for the station's operator or the district; the read is audited. */
export const handler = httpHandler(revealRecipientRoute, async ({ params, actor }) => ({
  body: await revealRecipient(actor(), params.id),
}));
