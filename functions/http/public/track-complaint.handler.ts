import { trackComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { trackComplaintRoute } from '#shared/manifest';

export const handler = httpHandler(trackComplaintRoute, async ({ params }) => ({
  body: await trackComplaint(params.code),
}));
