import { appVersion } from '#shared/config';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getHealth', async ({ now }) => ({
  body: { status: 'ok', time: now.toISOString(), version: appVersion() },
}));
