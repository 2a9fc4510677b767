import { readStation } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';
import { getStationRoute } from '#shared/manifest';

export const handler = httpHandler(getStationRoute, async ({ principal, params }) => ({
  body: stationView(await readStation(principal, params.id)),
}));
