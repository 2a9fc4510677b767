import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { versionConflict } from '#shared/domain/errors';
import type {
  Rectification,
  RectificationOwner,
  RectificationStatus,
} from '#shared/domain/rectification/rectification';
import { documentClient } from './client';
import { dueIds } from './due-index';
import { dueEntry } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Rectification items (B4). Keys (to join the others in `keys.ts`):
 * - the item: `RECTIFICATION#id` / `RECTIFICATION`;
 * - byDistrict: a district's items, oldest first: `RECTIFICATIONS#district` / `createdAt#id`;
 * - byOrg: the items an owner must rectify: `ORG#org` (an operator), `STREET#code` (a street office) or
 *   `DISTRICT#code` (the district bureau) / `RECTIFICATION#id`;
 * - byDue: items with an owner step due, while they are open: `DUE#RECTIFICATION` / `nextActionOn#id` (sparse).
 */
export const rectificationKeys = {
  item: (id: string) => ({ pk: `RECTIFICATION#${id}`, sk: 'RECTIFICATION' }),
  byDistrictPartition: (district: string) => `RECTIFICATIONS#${district}`,
  byDistrict: (r: Pick<Rectification, 'districtCode' | 'createdAt' | 'id'>) => ({
    gsi1pk: `RECTIFICATIONS#${r.districtCode}`,
    gsi1sk: `${r.createdAt}#${r.id}`,
  }),
  ownerPartition: (owner: RectificationOwner) =>
    owner.role === 'operator'
      ? `ORG#${owner.org}`
      : owner.role === 'street_office'
        ? `STREET#${owner.street}`
        : `DISTRICT#${owner.district}`,
  byOwner: (owner: RectificationOwner, id: string) => ({
    gsi3pk: rectificationKeys.ownerPartition(owner),
    gsi3sk: `RECTIFICATION#${id}`,
  }),
  ownerPrefix: 'RECTIFICATION#',
  duePartition: 'DUE#RECTIFICATION',
  due: (nextActionOn: IsoDate, id: string) => dueEntry('DUE#RECTIFICATION', nextActionOn, id),
} as const;

const STRIP = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'];
const strip = (item: Record<string, unknown>): Rectification => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as unknown as Rectification;
};
const toItem = (r: Rectification) => ({
  ...rectificationKeys.item(r.id),
  ...rectificationKeys.byDistrict(r),
  ...rectificationKeys.byOwner(r.owner, r.id),
  ...(r.nextActionOn ? rectificationKeys.due(r.nextActionOn, r.id) : {}),
  entity: 'rectification',
  ...r,
});

export async function getRectification(id: string): Promise<Rectification | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: rectificationKeys.item(id), ConsistentRead: true }),
  );
  return out.Item ? strip(out.Item) : undefined;
}

/** A new item: its id must be unused. */
export const createRectificationWrite = (r: Rectification): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: toItem(r), ConditionExpression: 'attribute_not_exists(pk)' },
  },
  onConditionFailed: versionConflict,
});

/** Replaces the item only if it still has the version that was read. */
export const updateRectificationWrite = (before: Rectification, after: Rectification): Write =>
  putIfVersion(tableName('main'), toItem(after), before.version);

export type RectificationQuery = (
  | { readonly district: string; readonly street?: string }
  | { readonly owner: string }
) & {
  readonly status?: RectificationStatus;
  readonly limit: number;
  readonly start?: Record<string, unknown>;
};

/**
 * One page of one partition: a district's items through byDistrict (optionally those of one street), or an
 * owner's through byOrg. The street and status filters apply after the key condition.
 */
export async function queryRectifications(
  q: RectificationQuery,
): Promise<{ items: Rectification[]; lastKey?: Record<string, unknown> }> {
  const byOwner = 'owner' in q;
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = byOwner
    ? { ':pk': q.owner, ':prefix': rectificationKeys.ownerPrefix }
    : { ':pk': rectificationKeys.byDistrictPartition(q.district) };
  if (!byOwner && q.street) {
    filters.push('streetCode = :street');
    values[':street'] = q.street;
  }
  if (q.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = q.status;
  }
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      IndexName: byOwner ? 'byOrg' : 'byDistrict',
      KeyConditionExpression: byOwner ? 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)' : 'gsi1pk = :pk',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      Limit: q.limit,
      ...(q.start ? { ExclusiveStartKey: q.start } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map(strip),
    ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
  };
}

/** Items with an owner step due by `today` (byDue): what the deadline job reads, and how many index entries. */
export const dueRectifications = (today: IsoDate) => dueIds(rectificationKeys.duePartition, today);
