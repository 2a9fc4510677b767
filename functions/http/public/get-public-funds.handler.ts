import { publicFunds } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getPublicFundsRoute } from '#shared/manifest';

export const handler = httpHandler(getPublicFundsRoute, async ({ query }) => ({
  body: await publicFunds(query),
}));
