import { listPolicies } from '#shared/application/policy/policies.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listPolicies', async ({ query, now }) => ({
  body: await listPolicies(query.date, now),
}));
