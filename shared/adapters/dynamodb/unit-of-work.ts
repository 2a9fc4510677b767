import { monotonicFactory } from 'ulid';
import {
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { Actor, AuditRecord } from '#shared/domain/audit/audit-record';
import { type ChainedAuditRecord, type ChainHead, chain } from '#shared/domain/audit/chain';
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

const auditPut = (record: ChainedAuditRecord): TransactItem => ({
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

const chainKey = (record: AuditRecord) => `${record.entity.type}#${record.entity.id}`;

/** The current heads of the chains of these entities (consistent reads: the head a transaction will check). */
async function chainHeads(records: readonly AuditRecord[]): Promise<Map<string, ChainHead>> {
  const entities = [...new Map(records.map((r) => [chainKey(r), r.entity])).values()];
  const heads = new Map<string, ChainHead>();
  await Promise.all(
    entities.map(async (e) => {
      const out = await documentClient().send(
        new GetCommand({
          TableName: tableName('audit'),
          Key: keys.auditChainHead(e.type, e.id),
          ConsistentRead: true,
        }),
      );
      if (out.Item)
        heads.set(`${e.type}#${e.id}`, { seq: Number(out.Item.seq), hash: String(out.Item.hash) });
    }),
  );
  return heads;
}

/**
 * The audit records chained onto their entities' chains (R29.1 tamper evidence, see shared/domain/audit/chain.ts)
 * and the head updates, each conditional on the head read: two changes of one entity cannot both extend it.
 */
async function chainedAudit(
  records: readonly AuditRecord[],
): Promise<{ puts: TransactItem[]; heads: TransactItem[] }> {
  const current = await chainHeads(records);
  const byChain = new Map<string, AuditRecord[]>();
  for (const r of records) byChain.set(chainKey(r), [...(byChain.get(chainKey(r)) ?? []), r]);
  const puts: TransactItem[] = [];
  const heads: TransactItem[] = [];
  for (const [key, group] of byChain) {
    const head = current.get(key);
    const linked = chain(group, head);
    puts.push(...linked.map(auditPut));
    const last = linked[linked.length - 1] as ChainedAuditRecord;
    heads.push({
      Put: {
        TableName: tableName('audit'),
        Item: {
          ...keys.auditChainHead(last.entity.type, last.entity.id),
          entity: 'audit-chain-head',
          chain: key,
          seq: last.seq,
          hash: last.hash,
        },
        ConditionExpression: head ? '#seq = :seq' : 'attribute_not_exists(pk)',
        ...(head
          ? { ExpressionAttributeNames: { '#seq': 'seq' }, ExpressionAttributeValues: { ':seq': head.seq } }
          : {}),
      },
    });
  }
  return { puts, heads };
}

/** Attempts of a change whose audit chain another change extended first (each re-reads the heads). */
const CHAIN_ATTEMPTS = 25;

/**
 * Commits the writes of one change together with its audit records in a single DynamoDB transaction (R29.1):
 * either the change and its audit trail are both stored, or neither is. A failed condition becomes the
 * write's own domain error (409 for a stale version, a taken street …).
 */
export async function commitWithAudit(
  writes: readonly Write[],
  audit: readonly AuditRecord[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { puts, heads } = await chainedAudit(audit);
    const items = [...writes.map((w) => w.item), ...puts, ...heads];
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      for (const [index, reason] of reasons.entries()) {
        if (reason.Code === 'ConditionalCheckFailed' && index < writes.length) {
          const write = writes[index];
          if (write?.onConditionFailed) throw write.onConditionFailed();
          throw new DomainError(
            'CONFLICT',
            409,
            '数据冲突，请刷新后重试',
            '数据已被他人修改或条件已变，未作任何更改；请刷新后重试。',
          );
        }
      }
      // Only a chain head moved (another change of the same entity was audited first) or the items were in
      // another transaction: the change's own conditions held, so it is tried again on the new heads.
      const retryable = reasons.every(
        (r) =>
          r.Code === 'None' ||
          r.Code === 'TransactionConflict' ||
          r.Code === 'ConditionalCheckFailed' /* on a chain head: index >= writes.length */,
      );
      if (!retryable) throw error;
      if (attempt >= CHAIN_ATTEMPTS) {
        throw new DomainError(
          'CONCURRENT_CHANGE',
          409,
          '同时有其他修改，请稍后重试',
          '同一记录正被其他操作同时修改，本次未作任何更改；请稍候片刻再提交。',
        );
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.floor(Math.random() * 10 * Math.min(attempt, 10))),
      );
    }
  }
}
