import { publicDivisions } from '#shared/application/divisions/list-divisions.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listDivisions', async () => ({
  body: await publicDivisions(),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
