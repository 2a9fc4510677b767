import { verifyRectification } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('verifyRectification', async ({ params, body, actor }) => ({
  body: await verifyRectification(actor(), params.id, body),
}));
