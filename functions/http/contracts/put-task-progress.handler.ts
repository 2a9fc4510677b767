import { recordProgress } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putTaskProgressRoute } from '#shared/manifest';

export const handler = httpHandler(putTaskProgressRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { body: await recordProgress(actor(), params.id, params.year, params.taskId, input) };
});
