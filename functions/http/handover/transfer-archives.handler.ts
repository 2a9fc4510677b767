import { transferArchives } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('transferArchives', async ({ params, body, actor }) => ({
  body: await transferArchives(actor(), params.id, body),
}));
