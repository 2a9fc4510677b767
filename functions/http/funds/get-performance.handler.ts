import { performance } from '#shared/application/funds/funds.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getPerformanceRoute } from '#shared/manifest';

export const handler = httpHandler(getPerformanceRoute, async ({ principal, query }) => ({
  body: await performance(principal, query),
}));
