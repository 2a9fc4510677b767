import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { DomainError } from '#shared/domain/errors';
import { documentClient } from './client';

/**
 * Page cursors are opaque to clients: base64url JSON of DynamoDB's LastEvaluatedKey (plus, for city-wide lists,
 * the partition the page stopped in). A cursor that does not decode, or that points outside the caller's
 * partition, is refused rather than passed to DynamoDB.
 */
export interface CursorState {
  readonly partition: string;
  readonly key: Record<string, unknown>;
}

export const encodeCursor = (state: CursorState): string =>
  Buffer.from(JSON.stringify(state)).toString('base64url');

/** The attributes a LastEvaluatedKey of the system's tables and indexes can hold: keys, all strings. */
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']);

/** The key has the shape DynamoDB hands out: the table's pk and sk, at most one index's pair, string values. */
function isKeyShaped(key: unknown): key is Record<string, string> {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return false;
  const entries = Object.entries(key);
  if (entries.length === 0) return true; // "start at the beginning of this partition"
  if (!entries.every(([k, v]) => KEY_ATTRIBUTES.has(k) && typeof v === 'string' && v.length <= 1024)) {
    return false;
  }
  const names = new Set(entries.map(([k]) => k));
  if (!names.has('pk') || !names.has('sk')) return false;
  const indexes = [1, 2, 3].filter((n) => names.has(`gsi${n}pk`) || names.has(`gsi${n}sk`));
  return indexes.length <= 1 && indexes.every((n) => names.has(`gsi${n}pk`) && names.has(`gsi${n}sk`));
}

export function decodeCursor(
  cursor: string | undefined,
  allowed: (partition: string) => boolean,
): CursorState | undefined {
  if (cursor === undefined) return undefined;
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (typeof state?.partition === 'string' && allowed(state.partition) && isKeyShaped(state.key)) {
      return state;
    }
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError(
    'INVALID_CURSOR',
    400,
    '分页游标无效',
    '分页游标格式不正确或属于其他查询，请从第一页重新查询。',
    {
      errors: [{ path: 'cursor', message: '分页游标无效' }],
    },
  );
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** One query of a partition: up to `limit` items from `start`, and where it stopped. */
export type PartitionQuery<T> = (
  partition: string,
  start: Record<string, unknown> | undefined,
  limit: number,
) => Promise<{ items: T[]; lastKey?: Record<string, unknown> }>;

/**
 * Pages through several partitions in order (e.g. the districts of the city) with one cursor that remembers the
 * partition and the key where the page stopped. A cursor naming a partition not in the list is refused.
 */
export async function pageAcrossPartitions<T>(
  partitions: readonly string[],
  limit: number,
  cursor: string | undefined,
  query: PartitionQuery<T>,
): Promise<Page<T>> {
  const state = decodeCursor(cursor, (p) => partitions.includes(p));
  const items: T[] = [];
  let start = state && Object.keys(state.key).length > 0 ? state.key : undefined;
  for (let i = state ? partitions.indexOf(state.partition) : 0; i < partitions.length; i++) {
    const partition = partitions[i] as string;
    do {
      const out = await query(partition, start, limit - items.length);
      items.push(...out.items);
      start = out.lastKey;
      if (items.length >= limit) {
        if (start) return { items, nextCursor: encodeCursor({ partition, key: start }) };
        const next = partitions[i + 1];
        return next === undefined
          ? { items }
          : { items, nextCursor: encodeCursor({ partition: next, key: {} }) };
      }
    } while (start);
  }
  return { items };
}

/** One byDistrict partition (`gsi1pk`) a page at a time, in its sort keys' order, each item read by `map`. */
export function pageOfByDistrict<T>(
  partition: string,
  limit: number,
  cursor: string | undefined,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  return pageAcrossPartitions([partition], limit, cursor, async (pk, start, n) => {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'byDistrict',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: n,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map(map),
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
  });
}
