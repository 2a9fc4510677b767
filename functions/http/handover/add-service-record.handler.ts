import { addServiceRecord } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('addServiceRecord', async ({ params, body, actor }) => ({
  status: 201,
  body: await addServiceRecord(actor(), params.id, body),
}));
