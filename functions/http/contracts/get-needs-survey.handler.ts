import { readDocument } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getNeedsSurveyRoute } from '#shared/manifest';

export const handler = httpHandler(getNeedsSurveyRoute, async ({ principal, params }) => ({
  body: await readDocument(principal, params.id, 'needs-survey', params.year),
}));
