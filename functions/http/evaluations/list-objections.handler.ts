import { listObjections } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listObjectionsRoute } from '#shared/manifest';

export const handler = httpHandler(listObjectionsRoute, async ({ principal, query }) => ({
  body: { items: await listObjections(principal, query) },
}));
