import { requestUpload } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createReportUploadUrlRoute } from '#shared/manifest';

export const handler = httpHandler(createReportUploadUrlRoute, async ({ params, body, actor }) => ({
  status: 201,
  body: await requestUpload(actor(), params.id, body),
}));
