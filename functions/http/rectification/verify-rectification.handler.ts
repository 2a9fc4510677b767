import { verifyRectification } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { verifyRectificationRoute } from '#shared/manifest';

export const handler = httpHandler(verifyRectificationRoute, async ({ params, body, actor }) => ({
  body: await verifyRectification(actor(), params.id, body),
}));
