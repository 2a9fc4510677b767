import { readComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getComplaintRoute } from '#shared/manifest';

export const handler = httpHandler(getComplaintRoute, async ({ principal, params }) => ({
  body: await readComplaint(principal, params.id),
}));
