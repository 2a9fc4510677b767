import { addWorker } from '#shared/application/contracts/contracts.use-case';
import { maskedWorker } from '#shared/domain/contracts/roster';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('addWorker', async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { status: 201, body: maskedWorker(await addWorker(actor(), params.id, input)) };
});
