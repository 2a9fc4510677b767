import { recordExit } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('recordOperatorExit', async ({ params, body, actor }) => ({
  status: 201,
  body: await recordExit(actor(), params.id, body),
}));
