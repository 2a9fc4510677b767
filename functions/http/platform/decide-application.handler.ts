import { decideApplication } from '#shared/application/platform/platform.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { decidePlatformApplicationRoute } from '#shared/manifest';

export const handler = httpHandler(decidePlatformApplicationRoute, async ({ params, body, actor }) => ({
  body: await decideApplication(actor(), params.id, body),
}));
