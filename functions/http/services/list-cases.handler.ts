import { listCases } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listCasesRoute } from '#shared/manifest';

export const handler = httpHandler(listCasesRoute, async ({ principal, params, query, now }) => ({
  body: await listCases(principal, params.id, query, now),
}));
