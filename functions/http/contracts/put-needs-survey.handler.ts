import { draftNeedsSurvey } from '#shared/application/contracts/documents.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { putNeedsSurveyRoute } from '#shared/manifest';

export const handler = httpHandler(putNeedsSurveyRoute, async ({ params, body, actor }) => {
  const { version, reason: _reason, ...survey } = body;
  const doc = await draftNeedsSurvey(actor(), params.id, params.year, version, survey);
  return { body: { ...doc, inEffect: false, awaiting: ['operator', 'street_office'] } };
});
