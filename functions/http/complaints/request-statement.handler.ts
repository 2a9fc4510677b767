import { requestStatement } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { requestComplaintStatementRoute } from '#shared/manifest';

export const handler = httpHandler(requestComplaintStatementRoute, async ({ params, body, actor }) => ({
  body: await requestStatement(actor(), params.id, body),
}));
