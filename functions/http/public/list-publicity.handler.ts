import { publicNotices } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listPublicityRoute } from '#shared/manifest';

export const handler = httpHandler(listPublicityRoute, async ({ query }) => ({
  body: { items: await publicNotices(query.status) },
}));
