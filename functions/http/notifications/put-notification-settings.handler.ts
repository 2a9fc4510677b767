import { writeSettings } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putNotificationSettingsRoute } from '#shared/manifest';

export const handler = httpHandler(putNotificationSettingsRoute, async ({ body, actor }) => ({
  body: await writeSettings(actor(), body),
}));
