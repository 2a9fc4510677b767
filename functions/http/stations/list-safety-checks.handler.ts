import { stationRecords } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listSafetyChecksRoute } from '#shared/manifest';

export const handler = httpHandler(listSafetyChecksRoute, async ({ principal, params }) => ({
  body: { items: await stationRecords(principal, params.id, 'safety-check') },
}));
