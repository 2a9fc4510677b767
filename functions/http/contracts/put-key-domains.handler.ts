import { setKeyDomains } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putKeyDomainsRoute } from '#shared/manifest';

export const handler = httpHandler(putKeyDomainsRoute, async ({ params, body, actor }) => ({
  body: await setKeyDomains(actor(), params.id, params.year, body.version, body.domains),
}));
