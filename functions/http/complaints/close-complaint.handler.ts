import { closeComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('closeComplaint', async ({ params, body, actor }) => ({
  body: await closeComplaint(actor(), params.id, body),
}));
