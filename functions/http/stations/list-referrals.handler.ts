import { stationRecords } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listReferralsRoute } from '#shared/manifest';

export const handler = httpHandler(listReferralsRoute, async ({ principal, params }) => ({
  body: { items: await stationRecords(principal, params.id, 'referral') },
}));
