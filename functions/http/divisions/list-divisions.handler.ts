import { publicDivisions } from '#shared/application/divisions/list-divisions.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listDivisionsRoute } from '#shared/manifest';

export const handler = httpHandler(listDivisionsRoute, async () => ({
  body: await publicDivisions(),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
