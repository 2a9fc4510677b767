import { districtServiceHours } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { districtServiceHoursRoute } from '#shared/manifest';

export const handler = httpHandler(districtServiceHoursRoute, async ({ principal, query, now }) => ({
  body: await districtServiceHours(principal, query.district, query.month, now),
}));
