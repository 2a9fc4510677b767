import { raiseRectification } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('raiseRectification', async ({ body, actor }) => {
  const item = await raiseRectification(actor(), body);
  return { status: 201, body: item, headers: { location: `/rectifications/${item.id}` } };
});
