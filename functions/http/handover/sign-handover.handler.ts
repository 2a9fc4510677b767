import { signAgreement } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { signHandoverRoute } from '#shared/manifest';

export const handler = httpHandler(signHandoverRoute, async ({ params, body, actor }) => ({
  body: await signAgreement(actor(), params.id, body.version),
}));
