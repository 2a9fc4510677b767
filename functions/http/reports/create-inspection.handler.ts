import { recordInspection } from '#shared/application/reports/inspections.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createInspection', async ({ body, actor }) => ({
  status: 201,
  body: await recordInspection(actor(), body),
}));
