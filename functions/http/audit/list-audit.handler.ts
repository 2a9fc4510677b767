import { listAudit } from '#shared/application/audit/list-audit.use-case';
import { httpHandler } from '#shared/http/http-handler';

export const handler = httpHandler('listAudit', async ({ principal, query }) => ({
  body: await listAudit(principal, query),
}));
