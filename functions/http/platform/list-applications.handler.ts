import { listApplications } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listPlatformApplications', async ({ principal, query }) => ({
  body: await listApplications(principal, query.limit, query.cursor),
}));
