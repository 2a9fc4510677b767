import { stationCompliance } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getStationCompliance', async ({ principal, params, now }) => ({
  body: await stationCompliance(principal, params.id, now),
}));
