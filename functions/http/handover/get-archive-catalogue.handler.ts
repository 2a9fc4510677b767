import { archiveCatalogue } from '#shared/application/archives/archives.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('getArchiveCatalogue', async ({ principal, params }) => ({
  body: await archiveCatalogue(principal, params.id),
}));
