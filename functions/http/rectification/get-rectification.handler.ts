import { readRectification } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getRectificationRoute } from '#shared/manifest';

export const handler = httpHandler(getRectificationRoute, async ({ principal, params }) => ({
  body: await readRectification(principal, params.id),
}));
