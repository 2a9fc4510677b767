import { listRectifications } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listRectifications', async ({ principal, query }) => ({
  body: await listRectifications(principal, query),
}));
