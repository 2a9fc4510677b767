import { publicStationSummary } from '#shared/application/stations/directory.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getPublicStationSummaryRoute } from '#shared/manifest';

export const handler = httpHandler(getPublicStationSummaryRoute, async () => ({
  body: await publicStationSummary(),
}));
