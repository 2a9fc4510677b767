import { readDocument } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getNeedsSurvey', async ({ principal, params }) => ({
  body: await readDocument(principal, params.id, 'needs-survey', params.year),
}));
