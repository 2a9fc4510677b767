import { recordExit } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { recordOperatorExitRoute } from '#shared/manifest';

export const handler = httpHandler(recordOperatorExitRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await recordExit(actor(), params.id, body),
}));
