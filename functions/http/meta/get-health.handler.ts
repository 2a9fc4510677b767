import { appVersion } from '#shared/config';
import { httpHandler } from '#shared/http/http-handler';
import { getHealthRoute } from '#shared/manifest';

export const handler = httpHandler(getHealthRoute, async ({ now }) => ({
  body: { status: 'ok', time: now.toISOString(), version: appVersion() },
}));
