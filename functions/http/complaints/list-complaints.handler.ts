import { listComplaints } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listComplaints', async ({ principal, query }) => ({
  body: { items: await listComplaints(principal, query) },
}));
