import { markNotificationRead } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('markNotificationRead', async ({ params, actor }) => ({
  body: await markNotificationRead(actor(), params.id),
}));
