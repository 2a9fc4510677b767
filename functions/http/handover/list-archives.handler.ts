import { archiveCatalogues } from '#shared/application/archives/archives.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listArchives', async ({ principal, query }) => ({
  body: await archiveCatalogues(principal, query),
}));
