import { readCase } from '#shared/application/services/service-records.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getCaseRoute } from '#shared/manifest';

export const handler = httpHandler(getCaseRoute, async ({ principal, params, now }) => ({
  body: await readCase(principal, params.id, now),
}));
