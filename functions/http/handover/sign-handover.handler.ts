import { signAgreement } from '#shared/application/handover/handover.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('signHandover', async ({ params, body, actor }) => ({
  body: await signAgreement(actor(), params.id, body.version),
}));
