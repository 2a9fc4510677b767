import { templateVersions } from '#shared/application/evaluation/templates.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listEvaluationTemplates', async () => ({
  body: await templateVersions(),
}));
