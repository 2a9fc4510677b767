import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { tableName } from '#shared/config';
import type { Actor, AuditRecord } from '#shared/domain/audit/audit-record';
import { DomainError, versionConflict } from '#shared/domain/errors';
import { documentClient } from './client';
import { keys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One write of a change, with the error to raise when its condition fails (uniqueness, version, state). */
export interface Write {
  readonly item: TransactItem;
  readonly onConditionFailed?: () => DomainError;
}

export interface AuditEntry {
  readonly action: string;
  readonly entity: { readonly type: string; readonly id: string };
  readonly scope: { readonly district?: string; readonly street?: string };
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Replaces an item only if it still has the version that was read (optimistic locking: 409 otherwise). */
export const putIfVersion = (
  table: string,
  item: Record<string, unknown>,
  expectedVersion: number,
): Write => ({
  item: {
    Put: {
      TableName: table,
      Item: item,
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  },
  onConditionFailed: versionConflict,
});

/** Monotonic within a process, so records of one instant still sort in the order they were made. */
const auditId = monotonicFactory();

/** Builds the audit record of a change from its actor. */
export function auditRecordOf(actor: Actor, entry: AuditEntry): AuditRecord {
  return {
    id: auditId(actor.now.getTime()),
    at: actor.now.toISOString(),
    action: entry.action,
    entity: entry.entity,
    actor: {
      sub: actor.principal.sub,
      username: actor.principal.username,
      roles: [...actor.principal.roles],
    },
    scope: entry.scope,
    ...(entry.before === undefined ? {} : { before: entry.before }),
    ...(entry.after === undefined ? {} : { after: entry.after }),
    ...(actor.reason ? { reason: actor.reason } : {}),
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
  };
}

const auditPut = (record: AuditRecord): TransactItem => ({
  Put: {
    TableName: tableName('audit'),
    Item: {
      ...keys.audit(record.entity.type, record.entity.id, record.at, record.id),
      ...keys.auditByScope(record.scope.district, record.at, record.id),
      ...record,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * Commits the writes of one change together with its audit records in a single DynamoDB transaction (R29.1):
 * either the change and its audit trail are both stored, or neither is. A failed condition becomes the
 * write's own domain error (409 for a stale version, a taken street …).
 */
export async function commitWithAudit(
  writes: readonly Write[],
  audit: readonly AuditRecord[],
): Promise<void> {
  const items = [...writes.map((w) => w.item), ...audit.map(auditPut)];
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      for (const [index, reason] of reasons.entries()) {
        if (reason.Code === 'ConditionalCheckFailed') {
          const write = writes[index];
          if (write?.onConditionFailed) throw write.onConditionFailed();
          throw new DomainError(
            'CONFLICT',
            409,
            '数据冲突，请刷新后重试',
            'A condition of the change failed.',
          );
        }
      }
      if (reasons.some((r) => r.Code === 'TransactionConflict')) {
        throw new DomainError('CONCURRENT_CHANGE', 409, '同时有其他修改，请稍后重试');
      }
    }
    throw error;
  }
}
