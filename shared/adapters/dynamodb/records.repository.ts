import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { DomainError } from '#shared/domain/errors';
import { documentClient } from './client';
import { keys } from './keys';
import type { Write } from './unit-of-work';

/**
 * Append-only records kept under their owner (a contract or a station partition), sorted by date: supervision
 * sessions, coordination meetings, safety checks, referrals. They are never edited; a correction is a new record.
 */
export type RecordKind = 'supervision' | 'meeting' | 'safety-check' | 'referral' | 'inspection';

export const appendRecordWrite = (
  owner: string,
  kind: RecordKind,
  on: string,
  id: string,
  record: object,
): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { ...keys.record(owner, kind, on, id), entity: kind, ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: () =>
    new DomainError(
      'DUPLICATE_ID',
      409,
      '记录已存在',
      '同一编号的记录已存在，本次未作任何更改；请刷新后查看，不要重复提交。',
    ),
});

/** The owner's records of a kind, oldest first, optionally from a date on. */
export async function listRecords<T>(owner: string, kind: RecordKind, from?: string): Promise<T[]> {
  const prefix = keys.recordPrefix(owner, kind);
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: from
          ? 'pk = :pk AND sk BETWEEN :from AND :to'
          : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: from
          ? { ':pk': prefix.pk, ':from': `${prefix.skPrefix}${from}`, ':to': `${prefix.skPrefix}\uffff` }
          : { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _e, ...r }) => r as T));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
