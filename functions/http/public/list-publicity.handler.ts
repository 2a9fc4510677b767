import { publicNotices } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listPublicity', async ({ query }) => ({
  body: { items: await publicNotices(query.status) },
}));
