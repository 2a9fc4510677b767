import { registerContract } from '#shared/application/contracts/contracts.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createContractRoute } from '#shared/manifest';

export const handler = httpHandler(createContractRoute, async ({ body, actor }) => {
  const { stationId, reason: _reason, ...terms } = body;
  const contract = await registerContract(actor(), stationId, terms);
  return { status: 201, body: contract, headers: { location: `/contracts/${contract.id}` } };
});
