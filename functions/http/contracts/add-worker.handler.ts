import { addWorker } from '#shared/application/contracts/contracts.use-case';
import { maskedWorker } from '#shared/domain/contracts/roster';
import { httpHandler } from '#shared/http/http-handler';
import { addWorkerRoute } from '#shared/manifest';

export const handler = httpHandler(addWorkerRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { status: 201, body: maskedWorker(await addWorker(actor(), params.id, input)) };
});
