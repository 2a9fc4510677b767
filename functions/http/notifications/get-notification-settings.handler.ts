import { readSettings } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getNotificationSettings', async ({ principal }) => ({
  body: await readSettings(principal),
}));
