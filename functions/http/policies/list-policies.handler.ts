import { listPolicies } from '#shared/application/policy/policies.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listPoliciesRoute } from '#shared/manifest';

export const handler = httpHandler(listPoliciesRoute, async ({ query, now }) => ({
  body: await listPolicies(query.date, now),
}));
