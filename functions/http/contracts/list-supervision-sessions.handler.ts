import { contractRecords } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listSupervisionSessionsRoute } from '#shared/manifest';

export const handler = httpHandler(listSupervisionSessionsRoute, async ({ principal, params, query }) => ({
  body: { items: await contractRecords(principal, params.id, 'supervision', query.from) },
}));
