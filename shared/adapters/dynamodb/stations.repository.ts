import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { DomainError, versionConflict } from '#shared/domain/errors';
import { holdsStreet, type Station, type StationStatus } from '#shared/domain/stations/station';
import { documentClient } from './client';
import { keys } from './keys';
import { type Page, pageAcrossPartitions } from './pagination';
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
export function queryStations(q: StationQuery): Promise<Page<Station>> {
  return pageAcrossPartitions(q.districts, q.limit, q.cursor, async (district, start, limit) => {
    const prefix = keys.stationsOfDistrictPrefix(district, q.street);
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
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map(stationFromItem),
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
  });
}

const streetTaken = (streetName: string) =>
  new DomainError(
    'STATION_EXISTS_FOR_STREET',
    409,
    '该街道（镇）已有运行中的社工站',
    `${streetName}已有社工站；每个街道（镇）只设一个社工站。`,
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
      onConditionFailed: () =>
        new DomainError(
          'DUPLICATE_ID',
          409,
          '记录已存在',
          '同一编号的记录已存在，本次未作任何更改；请刷新后查看，不要重复提交。',
        ),
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
