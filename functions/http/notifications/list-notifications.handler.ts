import { listInbox } from '#shared/application/reports/notifications.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listNotifications', async ({ principal, query }) => ({
  body: await listInbox(principal, query),
}));
