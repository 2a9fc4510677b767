import { recordReferral } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { addReferralRoute } from '#shared/manifest';

export const handler = httpHandler(addReferralRoute, async ({ params, body, actor }) => {
  const { requestReason: _reason, ...input } = body;
  return { status: 201, body: await recordReferral(actor(), params.id, input) };
});
