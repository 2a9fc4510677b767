import { readImport } from '#shared/application/imports/imports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { importView } from '#shared/http/import-view';
import { getImportRoute } from '#shared/manifest';

export const handler = httpHandler(getImportRoute, async ({ params, principal }) => ({
  status: 200,
  body: importView(await readImport(principal, params.id)),
}));
