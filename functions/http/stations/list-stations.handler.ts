import { listStations } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationView } from '#shared/http/presenters';
import { listStationsRoute } from '#shared/manifest';

export const handler = httpHandler(listStationsRoute, async ({ principal, query }) => {
  const page = await listStations(principal, query);
  return { body: { ...page, items: page.items.map(stationView) } };
});
