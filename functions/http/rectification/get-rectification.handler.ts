import { readRectification } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getRectification', async ({ principal, params }) => ({
  body: await readRectification(principal, params.id),
}));
