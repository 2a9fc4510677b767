import { updateStation } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';
import { updateStationRoute } from '#shared/manifest';

export const handler = httpHandler(updateStationRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...patch } = body;
  return { body: stationView(await updateStation(actor(), params.id, patch)) };
});
