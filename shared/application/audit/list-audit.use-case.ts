import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import { isCityWide, type Principal } from '#shared/domain/access/roles';
import type { AuditRecord } from '#shared/domain/audit/audit-record';
import { DomainError, outOfScope } from '#shared/domain/errors';
import { assertInScope } from '../access';

export interface AuditQuery {
  readonly district?: string;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Audit records within the caller's scope (R29.1).
 * - By entity (`entityType` + `entityId`): its whole history, refused if any record is outside the scope.
 * - Otherwise by scope: district roles read their own district; the city reads any district, or `CITY` for
 *   city-level records (policies, calendar) when no district is given.
 */
export async function listAudit(principal: Principal, q: AuditQuery): Promise<Page<AuditRecord>> {
  if ((q.entityType === undefined) !== (q.entityId === undefined)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      400,
      '请求参数不合法',
      'entityType 与 entityId 须同时提供（按记录查询），或都不提供（按范围查询）。',
      {
        errors: [{ path: 'query.entityId', message: 'entityType 与 entityId 须同时提供' }],
      },
    );
  }
  if (q.entityType !== undefined && q.entityId !== undefined) {
    const page = await queryAudit({ entityType: q.entityType, entityId: q.entityId }, q.limit, q.cursor);
    for (const record of page.items) {
      assertInScope(principal, record.scope);
    }
    return page;
  }
  if (isCityWide(principal)) return queryAudit({ scope: q.district ?? 'CITY' }, q.limit, q.cursor);
  const district = q.district ?? principal.district;
  if (district === undefined || district === 'CITY') throw outOfScope();
  assertInScope(principal, { district });
  return queryAudit({ scope: district }, q.limit, q.cursor);
}
