import { recordService } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createServiceRecordRoute } from '#shared/manifest';

export const handler = httpHandler(createServiceRecordRoute, async ({ params, body, actor }) => {
  const { headcount, caseId, notes, ...facts } = body;
  return {
    status: 201,
    body: await recordService(actor(), params.id, {
      ...facts,
      ...(headcount !== undefined ? { headcount } : {}),
      ...(caseId ? { caseId } : {}),
      ...(notes ? { notes } : {}),
    }),
  };
});
