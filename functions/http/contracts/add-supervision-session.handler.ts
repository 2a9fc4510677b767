import { recordSupervision } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('addSupervisionSession', async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { status: 201, body: await recordSupervision(actor(), params.id, input) };
});
