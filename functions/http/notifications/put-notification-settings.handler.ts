import { writeSettings } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putNotificationSettings', async ({ body, actor }) => ({
  body: await writeSettings(actor(), body),
}));
