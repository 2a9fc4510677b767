import { recordSafetyCheck } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { addSafetyCheckRoute } from '#shared/manifest';

export const handler = httpHandler(addSafetyCheckRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { status: 201, body: await recordSafetyCheck(actor(), params.id, input) };
});
