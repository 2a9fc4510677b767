import { reviewReport } from '#shared/application/reports/reports.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('reviewReport', async ({ params, body, actor }) => ({
  body: await reviewReport(actor(), params.id, body),
}));
