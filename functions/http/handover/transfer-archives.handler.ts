import { transferArchives } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { transferArchivesRoute } from '#shared/manifest';

export const handler = httpHandler(transferArchivesRoute, async ({ params, body, actor }) => ({
  body: await transferArchives(actor(), params.id, body),
}));
