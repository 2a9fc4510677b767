import { performance } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getPerformance', async ({ principal, query }) => ({
  body: await performance(principal, query),
}));
