import { contractRecords } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listMeetings', async ({ principal, params, query }) => ({
  body: { items: await contractRecords(principal, params.id, 'meeting', query.from) },
}));
