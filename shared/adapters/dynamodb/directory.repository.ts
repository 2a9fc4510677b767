import { BatchGetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { currentClaim, type StationClaim } from '#shared/domain/contracts/contract';
import type { DirectoryContract } from '#shared/domain/stations/directory';
import { documentClient } from './client';
import { keys } from './keys';

/**
 * The public directory's reads (社工站名录): the active contracts of a page of stations, and the number of stations
 * in operation per district. Both go by key or through the byDistrict index; nothing scans.
 */

/** BatchGetItem of up to 100 keys, retrying what DynamoDB leaves unprocessed; the items found, in no order. */
async function batchGet(
  keyList: readonly Record<string, string>[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const table = tableName('main');
  let pending: Record<string, unknown>[] = [...keyList];
  const found: Record<string, unknown>[] = [];
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const out = await documentClient().send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: pending,
            ...(projection
              ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names }
              : {}),
          },
        },
      }),
    );
    found.push(...(out.Responses?.[table] ?? []));
    pending = (out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  if (pending.length > 0) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
  return found;
}

/**
 * The contract of each station that has one on `today` (R3.1: one at a time; see `currentClaim`), by station id:
 * the stations' contract registers, then those contracts, reading only the fields the directory shows. A register
 * of the earlier shape names its contract by `contractId`; the directory then judges that contract by its dates.
 */
export async function activeContractsOf(
  stationIds: readonly string[],
  today: IsoDate,
): Promise<Map<string, DirectoryContract>> {
  const result = new Map<string, DirectoryContract>();
  if (stationIds.length === 0) return result;
  const registers = await batchGet(stationIds.map((id) => keys.stationActiveContract(id)));
  const contractIds = registers.flatMap((r) => {
    if (!Array.isArray(r.claims)) return r.contractId ? [String(r.contractId)] : [];
    const claim = currentClaim(r.claims as StationClaim[], today);
    return claim ? [claim.contractId] : [];
  });
  if (contractIds.length === 0) return result;
  const contracts = await batchGet(
    contractIds.map((id) => keys.contract(id)),
    {
      expression: 'stationId, #operator, servicePeriod, keyDomains, #status',
      names: { '#operator': 'operator', '#status': 'status' },
    },
  );
  for (const c of contracts) {
    result.set(String(c.stationId), {
      operator: c.operator as DirectoryContract['operator'],
      servicePeriod: c.servicePeriod as DirectoryContract['servicePeriod'],
      status: c.status as DirectoryContract['status'],
      ...(c.keyDomains ? { keyDomains: c.keyDomains as NonNullable<DirectoryContract['keyDomains']> } : {}),
    });
  }
  return result;
}

/** How many stations of a district are in operation (status active): a count over its byDistrict station keys. */
export async function countActiveStations(districtCode: string): Promise<number> {
  const prefix = keys.stationsOfDistrictPrefix(districtCode);
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'byDistrict',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        FilterExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': prefix.gsi1pk,
          ':prefix': prefix.gsi1skPrefix,
          ':active': 'active',
        },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}
