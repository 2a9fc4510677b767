import { listFailedDeliveries } from '#shared/application/notify/deliveries.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listNotificationDeliveriesRoute } from '#shared/manifest';

export const handler = httpHandler(listNotificationDeliveriesRoute, async ({ principal, query }) => ({
  body: await listFailedDeliveries(principal, query),
}));
