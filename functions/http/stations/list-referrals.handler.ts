import { stationRecords } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listReferrals', async ({ principal, params }) => ({
  body: { items: await stationRecords(principal, params.id, 'referral') },
}));
