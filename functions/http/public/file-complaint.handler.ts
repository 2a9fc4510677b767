import { fileComplaint } from '#shared/application/complaints/complaints.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { fileComplaintRoute } from '#shared/manifest';

export const handler = httpHandler(fileComplaintRoute, async ({ body, now }) => ({
  status: 201,
  body: await fileComplaint(now, body),
}));
