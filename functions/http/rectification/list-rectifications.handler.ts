import { listRectifications } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listRectificationsRoute } from '#shared/manifest';

export const handler = httpHandler(listRectificationsRoute, async ({ principal, query }) => ({
  body: await listRectifications(principal, query),
}));
