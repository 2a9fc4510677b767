import { readHandover } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getHandoverRoute } from '#shared/manifest';

export const handler = httpHandler(getHandoverRoute, async ({ principal, params }) => ({
  body: await readHandover(principal, params.id),
}));
