import { fileComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('fileComplaint', async ({ body, now }) => ({
  status: 201,
  body: await fileComplaint(now, body),
}));
