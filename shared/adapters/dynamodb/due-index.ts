import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { documentClient } from './client';
import { dueShardKeys } from './keys';

/** One Query of one shard of a due partition: the entries due by `today`, after `start`, with `attributes`. */
const queryShard = (
  shardKey: string,
  today: IsoDate,
  attributes: readonly string[],
  start: Record<string, unknown> | undefined,
  limit?: number,
) =>
  documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      IndexName: 'byDue',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :upto',
      ExpressionAttributeValues: { ':pk': shardKey, ':upto': `${today}#\uffff` },
      ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
      ...(limit === undefined ? {} : { Limit: limit }),
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );

/**
 * The one reader of the sparse byDue index every scheduled job uses: the items of a due partition (`DUE#REPORT`,
 * `DUE#COMPLAINT` …) whose sort key (`yyyy-mm-dd#…`) is on or before `today`, with only the attributes named,
 * and how many index entries DynamoDB read — so a test can show that a job reads what is due and nothing more.
 *
 * A partition is written over its shards (keys.ts `DUE_SHARDS`, issue 20): every shard is queried at once, each
 * to its end, and the entries merged in sort-key order (date, then reference), as one unsharded query returned
 * them. An entry lives in exactly one shard, so nothing is read twice; shard 0 is the unsharded key, so what was
 * written before sharding is read too.
 */
export async function readDue<T extends Record<string, unknown>>(
  partition: string,
  today: IsoDate,
  attributes: readonly (keyof T & string)[],
): Promise<{ items: T[]; read: number }> {
  const wanted = attributes.includes('gsi2sk' as keyof T & string) ? attributes : [...attributes, 'gsi2sk'];
  const shards = await Promise.all(
    dueShardKeys(partition).map(async (shardKey) => {
      const items: Record<string, unknown>[] = [];
      let read = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await queryShard(shardKey, today, wanted, start);
        read += out.ScannedCount ?? 0;
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return { items, read };
    }),
  );
  const merged = shards
    .flatMap((s) => s.items)
    .sort((a, b) => (String(a.gsi2sk) < String(b.gsi2sk) ? -1 : String(a.gsi2sk) > String(b.gsi2sk) ? 1 : 0));
  if (wanted !== attributes) for (const item of merged) delete item.gsi2sk;
  return { items: merged as T[], read: shards.reduce((n, s) => n + s.read, 0) };
}

/** The ids due in a partition (most jobs key their items by `id`). */
export async function dueIds(partition: string, today: IsoDate): Promise<{ ids: string[]; read: number }> {
  const { items, read } = await readDue<{ id: string }>(partition, today, ['id']);
  return { ids: items.map((i) => String(i.id)), read };
}

/** A position in the byDue index: the table's and the index's keys of one entry (a Query's ExclusiveStartKey). */
export type DueKey = Readonly<Record<'pk' | 'sk' | 'gsi2pk' | 'gsi2sk', string>>;

/**
 * One page of the ids due in one shard of a partition (`shardKey`, one of keys.ts `dueShardKeys`), after `after`
 * (exclusive), at most `limit` entries: what a fan-out dispatcher hands on, with the key of the page's last entry
 * (the shard's checkpoint) and whether the shard has more. `attributes`: what each entry's work message carries
 * besides its id (an evaluation window's contract and year, an archive document's owner and key …), projected from
 * the index and returned per entry in `items`.
 */
export async function dueIdsPage(
  shardKey: string,
  today: IsoDate,
  after: DueKey | undefined,
  limit: number,
  attributes: readonly string[] = [],
): Promise<{
  ids: string[];
  items: Record<string, unknown>[];
  read: number;
  last: DueKey | undefined;
  more: boolean;
}> {
  if (after && after.gsi2pk !== shardKey)
    throw new Error(`checkpoint of ${after.gsi2pk} given for ${shardKey}`);
  const projected = [...new Set(['id', 'pk', 'sk', 'gsi2pk', 'gsi2sk', ...attributes])];
  const out = await queryShard(shardKey, today, projected, after ? { ...after } : undefined, limit);
  const items = (out.Items ?? []) as (DueKey & { id?: string } & Record<string, unknown>)[];
  const tail = items.at(-1);
  return {
    ids: items.map((i) => String(i.id)),
    items: items.map((i) => Object.fromEntries(attributes.map((a) => [a, i[a]]))),
    read: out.ScannedCount ?? 0,
    last: tail ? { pk: tail.pk, sk: tail.sk, gsi2pk: tail.gsi2pk, gsi2sk: tail.gsi2sk } : undefined,
    more: out.LastEvaluatedKey !== undefined,
  };
}
