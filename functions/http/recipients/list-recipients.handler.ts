import { listRecipients } from '#shared/application/recipients/recipients.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listRecipientsRoute } from '#shared/manifest';

export const handler = httpHandler(listRecipientsRoute, async ({ principal, params, query, now }) => ({
  body: await listRecipients(principal, params.id, query, now),
}));
