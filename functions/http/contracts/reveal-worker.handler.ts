import { revealWorker } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { revealWorkerRoute } from '#shared/manifest';

/** The worker's full ID-card number and phone, for the employer or the purchaser; the read is an audit record. */
export const handler = httpHandler(revealWorkerRoute, async ({ params, actor }) => ({
  body: await revealWorker(actor(), params.id, params.workerId),
}));
