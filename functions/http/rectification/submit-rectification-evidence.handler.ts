import { submitEvidence } from '#shared/application/rectification/rectification.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { submitRectificationEvidenceRoute } from '#shared/manifest';

export const handler = httpHandler(submitRectificationEvidenceRoute, async ({ params, body, actor }) => ({
  body: await submitEvidence(actor(), params.id, body),
}));
