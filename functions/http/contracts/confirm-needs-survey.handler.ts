import { confirmDocument } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { confirmNeedsSurveyRoute } from '#shared/manifest';

export const handler = httpHandler(confirmNeedsSurveyRoute, async ({ params, body, actor }) => ({
  body: await confirmDocument(actor(), params.id, 'needs-survey', params.year, body.version),
}));
