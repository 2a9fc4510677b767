import { readDocument } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getTaskBook', async ({ principal, params }) => ({
  body: await readDocument(principal, params.id, 'task-book', params.year),
}));
