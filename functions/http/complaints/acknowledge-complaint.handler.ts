import { acknowledgeComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('acknowledgeComplaint', async ({ params, body, actor }) => ({
  body: await acknowledgeComplaint(actor(), params.id, body.version),
}));
