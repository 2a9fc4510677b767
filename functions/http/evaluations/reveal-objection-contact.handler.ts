import { revealObjectionContact } from '#shared/application/evaluation/publicity.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { revealObjectionContactRoute } from '#shared/manifest';

/** The objector's contact details, for the district handling the objection; the read is an audit record. */
export const handler = httpHandler(revealObjectionContactRoute, async ({ params, actor }) => ({
  body: await revealObjectionContact(actor(), params.id),
}));
