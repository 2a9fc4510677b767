import { templateVersions } from '#shared/application/evaluation/templates.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listEvaluationTemplatesRoute } from '#shared/manifest';

export const handler = httpHandler(listEvaluationTemplatesRoute, async () => ({
  body: await templateVersions(),
}));
