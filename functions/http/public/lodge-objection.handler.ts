import { lodgeObjection } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { lodgeObjectionRoute } from '#shared/manifest';

export const handler = httpHandler(lodgeObjectionRoute, async ({ params, body, now }) => ({
  status: 201,
  body: await lodgeObjection(now, params.id, body),
}));
