import { setStationSignage } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';
import { putStationSignageRoute } from '#shared/manifest';

export const handler = httpHandler(putStationSignageRoute, async ({ params, body, actor }) => ({
  body: stationView(
    await setStationSignage(actor(), params.id, body.version, { outdoor: body.outdoor, indoor: body.indoor }),
  ),
}));
