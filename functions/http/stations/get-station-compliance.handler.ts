import { stationCompliance } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getStationComplianceRoute } from '#shared/manifest';

export const handler = httpHandler(getStationComplianceRoute, async ({ principal, params, now }) => ({
  body: await stationCompliance(principal, params.id, now),
}));
