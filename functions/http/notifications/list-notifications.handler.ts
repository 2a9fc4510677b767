import { listInbox } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listNotificationsRoute } from '#shared/manifest';

export const handler = httpHandler(listNotificationsRoute, async ({ principal, query }) => ({
  body: await listInbox(principal, query),
}));
