import { FieldCryptoError, isSealed, openField, sealField } from '#shared/adapters/crypto/field-crypto';
import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { Complaint, FilerDetails, SealedFiler } from '#shared/domain/complaints/complaint';
import { versionConflict } from '#shared/domain/errors';
import { documentClient } from './client';
import { dueIds } from './due-index';
import { dueEntry } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Complaints (R15.1): `COMPLAINT#id` / `COMPLAINT`; a district's: byDistrict `COMPLAINTS#code` / `receivedAt#id`;
 * due steps: byDue `DUE#COMPLAINT` / `nextActionOn#id`; the filer's tracking code: `COMPLAINT_TRACK#sha256` /
 * `TRACK` pointing at the complaint (the code itself is never stored).
 */
const STRIP = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as T;
};
const complaintKey = (id: string) => ({ pk: `COMPLAINT#${id}`, sk: 'COMPLAINT' });
const item = (c: Complaint) => {
  if (c.filer && !isSealed(c.filer.sealed)) {
    throw new FieldCryptoError("a complaint is stored with its filer's details sealed only");
  }
  return {
    ...complaintKey(c.id),
    gsi1pk: `COMPLAINTS#${c.districtCode}`,
    gsi1sk: `${c.receivedAt}#${c.id}`,
    ...(c.nextActionOn ? dueEntry('DUE#COMPLAINT', c.nextActionOn, c.id) : {}),
    entity: 'complaint',
    ...c,
  };
};
const filerBinding = (complaintId: string) => ({ ...complaintKey(complaintId), field: 'filer.sealed' });

/** Seals the filer's name and contact for the complaint's item (AES-256-GCM under a KMS data key, bound to it). */
export async function sealFiler(complaintId: string, details: FilerDetails): Promise<SealedFiler> {
  return { sealed: await sealField(JSON.stringify(details), filerBinding(complaintId)) };
}

/**
 * Opens the filer's name and contact (needs kms:Decrypt on AWS). A complaint stored before sealing held them in
 * full, and they are returned as they are.
 */
export async function openFiler(c: Complaint): Promise<FilerDetails | undefined> {
  if (!c.filer) return undefined;
  if (!isSealed(c.filer.sealed)) {
    const { name, contact } = c.filer as FilerDetails;
    return { ...(name ? { name } : {}), ...(contact ? { contact } : {}) };
  }
  const details = JSON.parse(await openField(c.filer.sealed, filerBinding(c.id))) as FilerDetails;
  return {
    ...(details.name ? { name: details.name } : {}),
    ...(details.contact ? { contact: details.contact } : {}),
  };
}

export async function getComplaint(id: string): Promise<Complaint | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: complaintKey(id),
      ConsistentRead: true,
    }),
  );
  return out.Item ? strip<Complaint>(out.Item) : undefined;
}

export async function complaintByTracking(hash: string): Promise<Complaint | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: { pk: `COMPLAINT_TRACK#${hash}`, sk: 'TRACK' },
      ConsistentRead: true,
    }),
  );
  return out.Item ? getComplaint(String(out.Item.complaintId)) : undefined;
}

export const createComplaintWrites = (c: Complaint): Write[] => [
  {
    item: {
      Put: { TableName: tableName('main'), Item: item(c), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onConditionFailed: versionConflict,
  },
  {
    item: {
      Put: {
        TableName: tableName('main'),
        Item: {
          pk: `COMPLAINT_TRACK#${c.trackingHash}`,
          sk: 'TRACK',
          complaintId: c.id,
          entity: 'complaint-track',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: versionConflict,
  },
];

export const updateComplaintWrite = (before: Complaint, after: Complaint): Write =>
  putIfVersion(tableName('main'), item(after), before.version);

export async function complaintsOfDistrict(district: string): Promise<Complaint[]> {
  const items: Complaint[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'byDistrict',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `COMPLAINTS#${district}` },
        ScanIndexForward: false,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((i) => strip<Complaint>(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Complaints with a step due by `today` (byDue): what the deadline job reads. */
export const dueComplaints = (today: IsoDate) => dueIds('DUE#COMPLAINT', today);
