import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { District } from '#shared/domain/divisions/division';
import { documentClient } from './client';
import { keys } from './keys';

const CACHE_MS = 5 * 60_000;
let cache: { at: number; districts: District[] } | undefined;

/**
 * Divisions are reference data: one partition holds the districts and streets of the city. Reads are cached per
 * container for a few minutes; they change only when the seed runs.
 */
export async function listDivisions(now = Date.now()): Promise<District[]> {
  if (cache && now - cache.at < CACHE_MS) return cache.districts;
  const rows: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.divisionsPartition() },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    rows.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const districts = rows
    .filter((r) => r.kind === 'district')
    .map((d) => ({
      code: String(d.code),
      name: String(d.name),
      streets: rows
        .filter((s) => s.kind === 'street' && s.districtCode === d.code)
        .map((s) => ({ code: String(s.code), name: String(s.name) })),
    }));
  cache = { at: now, districts };
  return districts;
}

export function forgetDivisionsCache(): void {
  cache = undefined;
}

export const districtItem = (d: District) => ({
  ...keys.district(d.code),
  kind: 'district',
  code: d.code,
  name: d.name,
});
export const streetItem = (districtCode: string, s: { code: string; name: string }) => ({
  ...keys.street(districtCode, s.code),
  kind: 'street',
  code: s.code,
  name: s.name,
  districtCode,
});
