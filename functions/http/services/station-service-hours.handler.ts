import { stationServiceHours } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { stationServiceHoursRoute } from '#shared/manifest';

export const handler = httpHandler(stationServiceHoursRoute, async ({ principal, params, query, now }) => ({
  body: await stationServiceHours(principal, params.id, query.month, now),
}));
