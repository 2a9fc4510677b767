import { listServiceRecords } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listServiceRecordsRoute } from '#shared/manifest';

export const handler = httpHandler(listServiceRecordsRoute, async ({ principal, params }) => ({
  body: await listServiceRecords(principal, params.id),
}));
