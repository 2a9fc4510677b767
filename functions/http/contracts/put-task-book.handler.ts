import { draftTaskBook } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putTaskBook', async ({ params, body, actor }) => {
  const doc = await draftTaskBook(actor(), params.id, params.year, body.version, { items: body.items });
  return { body: { ...doc, inEffect: false, awaiting: ['operator', 'street_office'] } };
});
