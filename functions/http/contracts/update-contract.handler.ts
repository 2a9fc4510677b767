import { reviseContract } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('updateContract', async ({ params, body, actor }) => {
  const { version, reason: _reason, ...terms } = body;
  return { body: await reviseContract(actor(), params.id, version, terms) };
});
