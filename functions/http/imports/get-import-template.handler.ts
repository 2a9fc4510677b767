import { importTemplate } from '#shared/application/imports/imports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getImportTemplateRoute } from '#shared/manifest';

export const handler = httpHandler(getImportTemplateRoute, async ({ query }) => ({
  status: 200,
  body: await importTemplate(query.kind),
}));
