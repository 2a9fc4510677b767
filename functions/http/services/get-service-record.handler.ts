import { readServiceRecord } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getServiceRecordRoute } from '#shared/manifest';

export const handler = httpHandler(getServiceRecordRoute, async ({ principal, params, now }) => ({
  body: await readServiceRecord(principal, params.id, now),
}));
