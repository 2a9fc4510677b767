import { updateWorker } from '#shared/application/contracts/contracts.use-case';
import { maskedWorker } from '#shared/domain/contracts/roster';
import { httpHandler } from '#shared/http/http-handler';
import { updateWorkerRoute } from '#shared/manifest';

export const handler = httpHandler(updateWorkerRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...patch } = body;
  return { body: maskedWorker(await updateWorker(actor(), params.id, params.workerId, patch)) };
});
