import { markNotificationRead } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { markNotificationReadRoute } from '#shared/manifest';

export const handler = httpHandler(markNotificationReadRoute, async ({ params, actor }) => ({
  body: await markNotificationRead(actor(), params.id),
}));
