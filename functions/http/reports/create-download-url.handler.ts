import { requestDownload } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('createReportDownloadUrl', async ({ params, actor }) => ({
  body: await requestDownload(actor(), params.id, params.uploadId),
}));
