import { readDocument } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getTaskBookRoute } from '#shared/manifest';

export const handler = httpHandler(getTaskBookRoute, async ({ principal, params }) => ({
  body: await readDocument(principal, params.id, 'task-book', params.year),
}));
