import { decideApplication } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('decidePlatformApplication', async ({ params, body, actor }) => ({
  body: await decideApplication(actor(), params.id, body),
}));
