import { raiseRectification } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { raiseRectificationRoute } from '#shared/manifest';

export const handler = httpHandler(raiseRectificationRoute, async ({ body, actor }) => {
  const item = await raiseRectification(actor(), body);
  return { status: 201, body: item, headers: { location: `/rectifications/${item.id}` } };
});
