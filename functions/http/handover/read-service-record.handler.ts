import { readServiceRecord } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { readServiceRecordRoute } from '#shared/manifest';

export const handler = httpHandler(readServiceRecordRoute, async ({ params, actor }) => ({
  body: await readServiceRecord(actor(), params.id, params.recordId),
}));
