import { decideObjection } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('decideObjection', async ({ params, body, actor }) => ({
  body: await decideObjection(actor(), params.id, body),
}));
