import { voidServiceRecord } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { voidServiceRecordRoute } from '#shared/manifest';

export const handler = httpHandler(voidServiceRecordRoute, async ({ params, body, actor }) => ({
  body: await voidServiceRecord(actor(), params.id, body),
}));
