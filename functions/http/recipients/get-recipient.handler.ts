import { readRecipient } from '#shared/application/recipients/recipients.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getRecipientRoute } from '#shared/manifest';

export const handler = httpHandler(getRecipientRoute, async ({ principal, params, now }) => ({
  body: await readRecipient(principal, params.id, now),
}));
