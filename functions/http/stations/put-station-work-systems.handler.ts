import { setStationWorkSystems } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';

export const handler = httpHandler('putStationWorkSystems', async ({ params, body, actor }) => ({
  body: stationView(await setStationWorkSystems(actor(), params.id, body.version, body.systems)),
}));
