import { reviewReport } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { reviewReportRoute } from '#shared/manifest';

export const handler = httpHandler(reviewReportRoute, async ({ params, body, actor }) => ({
  body: await reviewReport(actor(), params.id, body),
}));
