import { trackComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('trackComplaint', async ({ params }) => ({
  body: await trackComplaint(params.code),
}));
