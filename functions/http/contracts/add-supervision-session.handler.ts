import { recordSupervision } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { addSupervisionSessionRoute } from '#shared/manifest';

export const handler = httpHandler(addSupervisionSessionRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { status: 201, body: await recordSupervision(actor(), params.id, input) };
});
