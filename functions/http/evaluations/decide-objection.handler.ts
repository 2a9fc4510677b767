import { decideObjection } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { decideObjectionRoute } from '#shared/manifest';

export const handler = httpHandler(decideObjectionRoute, async ({ params, body, actor }) => ({
  body: await decideObjection(actor(), params.id, body),
}));
