import { AuditPage, ListAuditQuery } from '#shared/contracts/audit.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** The audit trail (审计记录). Handlers under functions/http/audit/. */

export const listAuditRoute = {
  method: 'GET',
  path: '/audit',
  handler: 'functions/http/audit/list-audit.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'auditor'],
  summary: '审计记录（本辖区）（R29.1）',
  tag: 'audit',
  request: { query: ListAuditQuery },
  response: { status: 200, schema: AuditPage, description: '一页审计记录' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const auditRoutes = {
  listAudit: listAuditRoute,
} as const satisfies Record<string, RouteDefinition>;
