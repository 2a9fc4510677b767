import { listApplications } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listPlatformApplicationsRoute } from '#shared/manifest';

export const handler = httpHandler(listPlatformApplicationsRoute, async ({ principal, query }) => ({
  body: await listApplications(principal, query.limit, query.cursor),
}));
