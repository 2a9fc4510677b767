import { confirmDocument } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { confirmTaskBookRoute } from '#shared/manifest';

export const handler = httpHandler(confirmTaskBookRoute, async ({ params, body, actor }) => ({
  body: await confirmDocument(actor(), params.id, 'task-book', params.year, body.version),
}));
