import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { versionConflict } from '#shared/domain/errors';
import type { Handover, ServiceRecordKind } from '#shared/domain/handover/handover';
import { documentClient } from './client';
import { dueIds } from './due-index';
import { dueEntry } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Handovers (R10.2) and service records (R10.1): `HANDOVER#id` / `HANDOVER`, in byDue `DUE#HANDOVER` while an
 * alert remains; a contract's service records `CONTRACT#id` / `SERVICE_RECORD#id` (metadata only; the files are
 * objects under `service-records/`).
 */
const STRIP = ['pk', 'sk', 'gsi2pk', 'gsi2sk', 'entity'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as T;
};
const handoverItem = (h: Handover) => ({
  pk: `HANDOVER#${h.id}`,
  sk: 'HANDOVER',
  ...(h.nextActionOn ? dueEntry('DUE#HANDOVER', h.nextActionOn, h.id) : {}),
  entity: 'handover',
  ...h,
});

export async function getHandover(id: string): Promise<Handover | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: { pk: `HANDOVER#${id}`, sk: 'HANDOVER' },
      ConsistentRead: true,
    }),
  );
  return out.Item ? strip<Handover>(out.Item) : undefined;
}
export const createHandoverWrite = (h: Handover): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: handoverItem(h),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: versionConflict,
});
export const updateHandoverWrite = (before: Handover, after: Handover): Write =>
  putIfVersion(tableName('main'), handoverItem(after), before.version);

/** Handovers with an alert due by `today` (byDue). */
export const dueHandovers = (today: IsoDate) => dueIds('DUE#HANDOVER', today);

/** One document of the station's service archives (R10.1): category, sensitivity, and the date it is kept until. */
export interface ServiceRecord {
  readonly id: string;
  readonly contractId: string;
  readonly districtCode: string;
  readonly kind: ServiceRecordKind;
  readonly title: string;
  readonly key: string;
  readonly contentType: string;
  readonly sensitive: boolean;
  readonly retainUntil: IsoDate;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}
export const createServiceRecordWrite = (r: ServiceRecord): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { pk: `CONTRACT#${r.contractId}`, sk: `SERVICE_RECORD#${r.id}`, entity: 'service-record', ...r },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
});
export async function serviceRecordsOf(contractId: string): Promise<ServiceRecord[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CONTRACT#${contractId}`, ':prefix': 'SERVICE_RECORD#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => strip<ServiceRecord>(i));
}
