import { readComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getComplaint', async ({ principal, params }) => ({
  body: await readComplaint(principal, params.id),
}));
