import { submitEvidence } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('submitRectificationEvidence', async ({ params, body, actor }) => ({
  body: await submitEvidence(actor(), params.id, body),
}));
