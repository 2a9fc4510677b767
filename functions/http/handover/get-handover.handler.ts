import { readHandover } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getHandover', async ({ principal, params }) => ({
  body: await readHandover(principal, params.id),
}));
