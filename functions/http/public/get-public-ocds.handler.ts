import { publicOcds } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getPublicOcdsRoute } from '#shared/manifest';

export const handler = httpHandler(getPublicOcdsRoute, async ({ params, now, event }) => ({
  body: await publicOcds(params.year, now, `https://${event.requestContext?.domainName ?? 'localhost'}`),
}));
