import { submitApplication } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createPlatformApplicationRoute } from '#shared/manifest';

export const handler = httpHandler(createPlatformApplicationRoute, async ({ body, actor }) => {
  const { requestReason: _reason, ...input } = body;
  const application = await submitApplication(actor(), input);
  return {
    status: 201,
    body: application,
    headers: { location: `/platform-applications/${application.id}` },
  };
});
