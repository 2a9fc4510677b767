import { addServiceRecord } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { addServiceRecordRoute } from '#shared/manifest';

export const handler = httpHandler(addServiceRecordRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await addServiceRecord(actor(), params.id, body),
}));
