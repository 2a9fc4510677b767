import { readServiceRecord } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('readServiceRecord', async ({ params, actor }) => ({
  body: await readServiceRecord(actor(), params.id, params.recordId),
}));
