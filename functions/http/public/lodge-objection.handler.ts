import { lodgeObjection } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('lodgeObjection', async ({ params, body, now }) => ({
  status: 201,
  body: await lodgeObjection(now, params.id, body),
}));
