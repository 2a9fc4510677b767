import { recordInspection } from '#shared/application/reports/inspections.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createInspectionRoute } from '#shared/manifest';

export const handler = httpHandler(createInspectionRoute, async ({ body, actor }) => ({
  status: 201,
  body: await recordInspection(actor(), body),
}));
