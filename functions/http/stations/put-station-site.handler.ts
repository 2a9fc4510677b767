import { setStationSite } from '#shared/application/stations/stations.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { areaFromApi, stationView } from '#shared/http/presenters';
import { putStationSiteRoute } from '#shared/manifest';

export const handler = httpHandler(putStationSiteRoute, async ({ params, body, actor }) => {
  const site = {
    location: body.location,
    equipment: body.equipment,
    functionalAreas: body.functionalAreas.map(({ areaM2, ...area }) => ({
      ...area,
      areaHundredthsM2: areaFromApi(areaM2),
    })),
  };
  return { body: stationView(await setStationSite(actor(), params.id, body.version, site)) };
});
