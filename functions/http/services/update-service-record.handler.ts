import { updateServiceRecord } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { updateServiceRecordRoute } from '#shared/manifest';

export const handler = httpHandler(updateServiceRecordRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...patch } = body;
  return { body: await updateServiceRecord(actor(), params.id, patch) };
});
