import { readSettings } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getNotificationSettingsRoute } from '#shared/manifest';

export const handler = httpHandler(getNotificationSettingsRoute, async ({ principal }) => ({
  body: await readSettings(principal),
}));
