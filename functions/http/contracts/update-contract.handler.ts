import { reviseContract } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { updateContractRoute } from '#shared/manifest';

export const handler = httpHandler(updateContractRoute, async ({ params, body, actor }) => {
  const { version, reason: _reason, ...terms } = body;
  return { body: await reviseContract(actor(), params.id, version, terms) };
});
