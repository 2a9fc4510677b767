import { submitApplication } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createPlatformApplication', async ({ body, actor }) => {
  const { requestReason: _reason, ...input } = body;
  const application = await submitApplication(actor(), input);
  return {
    status: 201,
    body: application,
    headers: { location: `/platform-applications/${application.id}` },
  };
});
