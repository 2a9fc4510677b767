import { requestDownload } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { createReportDownloadUrlRoute } from '#shared/manifest';

export const handler = httpHandler(createReportDownloadUrlRoute, async ({ params, actor }) => ({
  body: await requestDownload(actor(), params.id, params.uploadId),
}));
