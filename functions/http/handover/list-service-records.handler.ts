import { listServiceRecords } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listServiceRecords', async ({ principal, params }) => ({
  body: await listServiceRecords(principal, params.id),
}));
