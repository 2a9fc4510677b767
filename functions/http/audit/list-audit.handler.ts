import { listAudit } from '#shared/application/audit/list-audit.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { listAuditRoute } from '#shared/manifest';

export const handler = httpHandler(listAuditRoute, async ({ principal, query }) => ({
  body: await listAudit(principal, query),
}));
