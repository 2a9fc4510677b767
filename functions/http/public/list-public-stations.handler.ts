import { publicStations } from '#shared/application/stations/directory.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listPublicStationsRoute } from '#shared/manifest';

export const handler = httpHandler(listPublicStationsRoute, async ({ query, now }) => ({
  body: await publicStations(query, now),
}));
