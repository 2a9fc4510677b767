import { recordItem } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putHandoverItemRoute } from '#shared/manifest';

export const handler = httpHandler(putHandoverItemRoute, async ({ params, body, actor }) => ({
  body: await recordItem(actor(), params.id, params.kind, body),
}));
