import { closeComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { closeComplaintRoute } from '#shared/manifest';

export const handler = httpHandler(closeComplaintRoute, async ({ params, body, actor }) => ({
  body: await closeComplaint(actor(), params.id, body),
}));
