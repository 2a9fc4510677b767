import { archiveCatalogue } from '#shared/application/archives/archives.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getArchiveCatalogueRoute } from '#shared/manifest';

export const handler = httpHandler(getArchiveCatalogueRoute, async ({ principal, params }) => ({
  body: await archiveCatalogue(principal, params.id),
}));
