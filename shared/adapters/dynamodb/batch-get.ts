import { BatchGetCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { documentClient } from './client';

export type ItemKey = Readonly<{ pk: string; sk: string }>;

/** BatchGetItem takes at most 100 keys a call. */
const KEYS_PER_CALL = 100;
/** Rounds of retrying the keys DynamoDB leaves unprocessed (throttling, the 16 MB answer limit) before failing. */
const ROUNDS = 8;

/**
 * The items of the main table with these keys, those that exist, in no particular order: BatchGetItem, 100 keys a
 * call (duplicates asked once), each call's unprocessed keys asked again; an error when some stay unprocessed, so
 * that a missing item always means an absent one.
 */
export async function batchGet(
  keyList: readonly ItemKey[],
  options: { readonly projection?: string; readonly consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const table = tableName('main');
  const unique = [...new Map(keyList.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += KEYS_PER_CALL) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + KEYS_PER_CALL).map((k) => ({ ...k }));
    for (let round = 0; pending.length > 0 && round < ROUNDS; round++) {
      const out = await documentClient().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.consistent ? { ConsistentRead: true } : {}),
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = (out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    if (pending.length > 0) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
  }
  return found;
}
