import { changeContractStatus } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { changeContractStatusRoute } from '#shared/manifest';

export const handler = httpHandler(changeContractStatusRoute, async ({ params, body, actor }) => ({
  body: await changeContractStatus(actor(), params.id, body.version, body.to),
}));
