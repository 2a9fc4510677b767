import { readApplication } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getPlatformApplication', async ({ principal, params }) => ({
  body: await readApplication(principal, params.id),
}));
