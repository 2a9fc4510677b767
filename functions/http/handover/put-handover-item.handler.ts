import { recordItem } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putHandoverItem', async ({ params, body, actor }) => ({
  body: await recordItem(actor(), params.id, params.kind, body),
}));
