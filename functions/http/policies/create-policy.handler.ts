import { createPolicyVersion } from '#shared/application/policy/policies.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createPolicyRoute } from '#shared/manifest';

export const handler = httpHandler(createPolicyRoute, async ({ body, actor }) => {
  const { reason: _reason, ...version } = body;
  const created = await createPolicyVersion(actor(), version);
  return { status: 201, body: created };
});
