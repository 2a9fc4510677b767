import { readStation } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';

export const handler = httpHandler('getStation', async ({ principal, params }) => ({
  body: stationView(await readStation(principal, params.id)),
}));
