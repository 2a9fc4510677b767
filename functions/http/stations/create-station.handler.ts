import { createStation } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';
import { createStationRoute } from '#shared/manifest';

export const handler = httpHandler(createStationRoute, async ({ body, actor }) => {
  const station = await createStation(actor(), body);
  return { status: 201, body: stationView(station), headers: { location: `/stations/${station.id}` } };
});
