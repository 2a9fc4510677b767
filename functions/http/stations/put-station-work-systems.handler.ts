import { setStationWorkSystems } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';
import { putStationWorkSystemsRoute } from '#shared/manifest';

export const handler = httpHandler(putStationWorkSystemsRoute, async ({ params, body, actor }) => ({
  body: stationView(await setStationWorkSystems(actor(), params.id, body.version, body.systems)),
}));
