import { createPolicyVersion } from '#shared/application/policy/policies.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createPolicy', async ({ body, actor }) => {
  const { reason: _reason, ...version } = body;
  const created = await createPolicyVersion(actor(), version);
  return { status: 201, body: created };
});
