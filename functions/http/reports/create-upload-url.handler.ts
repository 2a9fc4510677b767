import { requestUpload } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createReportUploadUrl', async ({ params, body, actor }) => ({
  status: 201,
  body: await requestUpload(actor(), params.id, body),
}));
