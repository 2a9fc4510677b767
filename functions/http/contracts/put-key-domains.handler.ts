import { setKeyDomains } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('putKeyDomains', async ({ params, body, actor }) => ({
  body: await setKeyDomains(actor(), params.id, params.year, body.version, body.domains),
}));
