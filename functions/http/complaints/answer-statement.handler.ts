import { answerStatement } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('answerComplaintStatement', async ({ params, body, actor }) => ({
  body: await answerStatement(actor(), params.id, body),
}));
