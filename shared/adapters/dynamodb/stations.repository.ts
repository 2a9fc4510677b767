import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '#shared/config';
import { DomainError, versionConflict } from '#shared/domain/errors';
import { holdsStreet, type Station, type StationStatus } from '#shared/domain/stations/station';
import { documentClient } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor, type Page } from './pagination';
import { putIfVersion, type Write } from './unit-of-work';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'] as const;

export const stationToItem = (s: Station) => ({
  ...keys.station(s.id),
  ...keys.stationByDistrict(s.districtCode, s.streetCode, s.id),
  entity: 'station',
  ...s,
});

export function stationFromItem(item: Record<string, unknown>): Station {
  const copy: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as unknown as Station;
}

export async function getStation(id: string): Promise<Station | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.station(id), ConsistentRead: true }),
  );
  return out.Item ? stationFromItem(out.Item) : undefined;
}

export interface StationQuery {
  readonly districts: readonly string[];
  readonly street?: string;
  readonly status?: StationStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Stations of one or more districts through the byDistrict index, district by district in code order, with a
 * cursor that remembers where the page stopped. A street narrows the sort-key prefix.
 */
export async function queryStations(q: StationQuery): Promise<Page<Station>> {
  const state = decodeCursor(q.cursor, (p) => q.districts.includes(p));
  const startAt = state ? q.districts.indexOf(state.partition) : 0;
  const items: Station[] = [];
  let exclusiveStart = state && Object.keys(state.key).length > 0 ? state.key : undefined;
  for (let i = startAt; i < q.districts.length; i++) {
    const district = q.districts[i] as string;
    const prefix = keys.stationsOfDistrictPrefix(district, q.street);
    do {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: tableName('main'),
          IndexName: 'byDistrict',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ...(q.status
            ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          ExpressionAttributeValues: {
            ':pk': prefix.gsi1pk,
            ':prefix': prefix.gsi1skPrefix,
            ...(q.status ? { ':status': q.status } : {}),
          },
          Limit: q.limit - items.length,
          ...(exclusiveStart ? { ExclusiveStartKey: exclusiveStart } : {}),
        }),
      );
      items.push(...(out.Items ?? []).map(stationFromItem));
      exclusiveStart = out.LastEvaluatedKey;
      if (items.length >= q.limit) {
        if (exclusiveStart)
          return { items, nextCursor: encodeCursor({ partition: district, key: exclusiveStart }) };
        const next = q.districts[i + 1];
        return next === undefined
          ? { items }
          : { items, nextCursor: encodeCursor({ partition: next, key: {} }) };
      }
    } while (exclusiveStart);
    exclusiveStart = undefined;
  }
  return { items };
}

/** Social workers on the station's roster: counted from the roster items (none before contracts exist). */
export async function countRoster(stationId: string): Promise<number> {
  const prefix = keys.rosterPrefix(stationId);
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(leftOn)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

const streetTaken = (streetName: string) =>
  new DomainError(
    'STATION_EXISTS_FOR_STREET',
    409,
    '该街道（镇）已有运行中的社工站',
    `${streetName} already has a station.`,
    {
      rule: 'R2.1',
    },
  );

/** Creating a station also takes its street; both fail together if the street is held (R2.1). */
export function createStationWrites(station: Station): Write[] {
  return [
    {
      item: {
        Put: {
          TableName: tableName('main'),
          Item: stationToItem(station),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new DomainError('DUPLICATE_ID', 409, '记录已存在'),
    },
    {
      item: {
        Put: {
          TableName: tableName('main'),
          Item: { ...keys.streetHolder(station.streetCode), stationId: station.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => streetTaken(station.streetName),
    },
  ];
}

/**
 * Saving a changed station is conditional on the version that was read (optimistic locking); a station that
 * closes releases its street in the same transaction.
 */
export function updateStationWrites(before: Station, after: Station): Write[] {
  const writes: Write[] = [putIfVersion(tableName('main'), stationToItem(after), before.version)];
  if (holdsStreet(before.status) && !holdsStreet(after.status)) {
    writes.push({
      item: {
        Delete: {
          TableName: tableName('main'),
          Key: keys.streetHolder(before.streetCode),
          ConditionExpression: 'stationId = :id',
          ExpressionAttributeValues: { ':id': before.id },
        },
      },
      onConditionFailed: versionConflict,
    });
  }
  return writes;
}
