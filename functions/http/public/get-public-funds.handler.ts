import { publicFunds } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getPublicFunds', async ({ query }) => ({
  body: await publicFunds(query),
}));
