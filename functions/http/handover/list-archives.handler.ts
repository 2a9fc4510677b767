import { archiveCatalogues } from '#shared/application/archives/archives.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listArchivesRoute } from '#shared/manifest';

export const handler = httpHandler(listArchivesRoute, async ({ principal, query }) => ({
  body: await archiveCatalogues(principal, query),
}));
