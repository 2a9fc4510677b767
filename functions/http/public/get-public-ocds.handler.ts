import { publicOcds } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getPublicOcds', async ({ params, now, event }) => ({
  body: await publicOcds(params.year, now, `https://${event.requestContext?.domainName ?? 'localhost'}`),
}));
