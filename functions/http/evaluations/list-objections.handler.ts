import { listObjections } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listObjections', async ({ principal, query }) => ({
  body: { items: await listObjections(principal, query) },
}));
