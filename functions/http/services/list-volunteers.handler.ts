import { listVolunteers } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listVolunteersRoute } from '#shared/manifest';

export const handler = httpHandler(listVolunteersRoute, async ({ principal, params, query, now }) => ({
  body: await listVolunteers(principal, params.id, query, now),
}));
