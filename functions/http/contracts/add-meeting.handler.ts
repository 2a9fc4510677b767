import { recordMeeting } from '#shared/application/contracts/records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { addMeetingRoute } from '#shared/manifest';

export const handler = httpHandler(addMeetingRoute, async ({ params, body, actor }) => {
  const { reason: _reason, ...input } = body;
  return { status: 201, body: await recordMeeting(actor(), params.id, input) };
});
