import { listServiceRecords } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listStationServiceRecordsRoute } from '#shared/manifest';

export const handler = httpHandler(
  listStationServiceRecordsRoute,
  async ({ principal, params, query, now }) => ({
    body: await listServiceRecords(principal, params.id, query, now),
  }),
);
