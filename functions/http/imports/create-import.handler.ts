import { requestImport } from '#shared/application/imports/imports.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { importView } from '#shared/http/import-view';
import { createImportRoute } from '#shared/manifest';

export const handler = httpHandler(createImportRoute, async ({ body, actor }) => {
  const a = actor();
  const { record, url, headers } = await requestImport(a, body);
  return {
    status: 201,
    body: {
      import: importView(record),
      method: 'PUT',
      url,
      headers,
      expiresAt: new Date(a.now.getTime() + 300_000).toISOString(),
    },
    headers: { location: `/imports/${record.id}` },
  };
});
