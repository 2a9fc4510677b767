import { changeContractStatus } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('changeContractStatus', async ({ params, body, actor }) => ({
  body: await changeContractStatus(actor(), params.id, body.version, body.to),
}));
