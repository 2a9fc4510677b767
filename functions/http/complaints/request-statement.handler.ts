import { requestStatement } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('requestComplaintStatement', async ({ params, body, actor }) => ({
  body: await requestStatement(actor(), params.id, body),
}));
