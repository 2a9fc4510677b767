import { acknowledgeComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { acknowledgeComplaintRoute } from '#shared/manifest';

export const handler = httpHandler(acknowledgeComplaintRoute, async ({ params, body, actor }) => ({
  body: await acknowledgeComplaint(actor(), params.id, body.version),
}));
