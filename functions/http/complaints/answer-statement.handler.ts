import { answerStatement } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { answerComplaintStatementRoute } from '#shared/manifest';

export const handler = httpHandler(answerComplaintStatementRoute, async ({ params, body, actor }) => ({
  body: await answerStatement(actor(), params.id, body),
}));
