import { listComplaints } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listComplaintsRoute } from '#shared/manifest';

export const handler = httpHandler(listComplaintsRoute, async ({ principal, query }) => ({
  body: { items: await listComplaints(principal, query) },
}));
