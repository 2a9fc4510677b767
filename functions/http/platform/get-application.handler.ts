import { readApplication } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getPlatformApplicationRoute } from '#shared/manifest';

export const handler = httpHandler(getPlatformApplicationRoute, async ({ principal, params }) => ({
  body: await readApplication(principal, params.id),
}));
