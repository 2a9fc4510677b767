import { contractRecords } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listMeetingsRoute } from '#shared/manifest';

export const handler = httpHandler(listMeetingsRoute, async ({ principal, params, query }) => ({
  body: { items: await contractRecords(principal, params.id, 'meeting', query.from) },
}));
