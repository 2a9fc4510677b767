import { draftTaskBook } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putTaskBookRoute } from '#shared/manifest';

export const handler = httpHandler(putTaskBookRoute, async ({ params, body, actor }) => {
  const doc = await draftTaskBook(actor(), params.id, params.year, body.version, { items: body.items });
  return { body: { ...doc, inEffect: false, awaiting: ['operator', 'street_office'] } };
});
