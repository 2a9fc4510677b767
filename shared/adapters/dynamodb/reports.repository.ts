import { openField, sealField } from '#shared/adapters/crypto/field-crypto';
import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { noticeOutboxEnabled, tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import type { ReportSlot } from '#shared/domain/reports/report-slot';
import type { Notification, ReadReceipt, Submission, UploadTicket } from '#shared/domain/reports/submission';
import { batchGet } from './batch-get';
import { documentClient } from './client';
import { dueIds } from './due-index';
import { keys, type ReportDuePartition } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'entity',
  'expiresAt',
];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as T;
};

export const duePartitionOf = (slot: Pick<ReportSlot, 'kind'>): ReportDuePartition =>
  slot.kind === 'annual_district' ? 'ANNUAL_REPORT' : 'REPORT';

export const slotToItem = (s: ReportSlot) => ({
  ...keys.reportSlot(s.id),
  ...keys.reportSlotByDistrict(s.districtCode, s.dueOn, s.id),
  ...(s.orgId && s.contractId ? keys.reportSlotByOrg(s.orgId, s.contractId, s.dueOn, s.id) : {}),
  ...(s.nextActionOn ? keys.reportDue(duePartitionOf(s), s.nextActionOn, s.id) : {}),
  entity: 'report-slot',
  ...s,
});

export async function getSlot(id: string): Promise<ReportSlot | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.reportSlot(id), ConsistentRead: true }),
  );
  return out.Item ? strip<ReportSlot>(out.Item) : undefined;
}

/** Several slots by id, those that exist. */
export async function getSlots(ids: readonly string[]): Promise<ReportSlot[]> {
  const items = await batchGet(
    ids.map((id) => keys.reportSlot(id)),
    { consistent: true },
  );
  return items.map((i) => strip<ReportSlot>(i));
}

/** The slot with everything in its partition: the submissions (oldest first) and the read receipts. */
export async function getSlotDetail(
  id: string,
): Promise<{ slot: ReportSlot; submissions: Submission[]; receipts: ReadReceipt[] } | undefined> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.reportPartition(id) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const slotItem = items.find((i) => i.sk === 'SLOT');
  if (!slotItem) return undefined;
  return {
    slot: strip<ReportSlot>(slotItem),
    submissions: items.filter((i) => String(i.sk).startsWith('SUBMISSION#')).map((i) => strip<Submission>(i)),
    receipts: items.filter((i) => String(i.sk).startsWith('READ#')).map((i) => strip<ReadReceipt>(i)),
  };
}

/** Creates a slot unless it exists (slot ids are deterministic, so creating twice is harmless when asked). */
export const createSlotWrite = (slot: ReportSlot, onExists?: () => DomainError): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: slotToItem(slot),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed:
    onExists ??
    (() =>
      new DomainError(
        'REPORT_SLOT_EXISTS',
        409,
        '报告期次已存在',
        '这一期报告已经建立，无需重复建立；请刷新后在报告列表中查看。',
      )),
});

export const updateSlotWrite = (before: ReportSlot, after: ReportSlot): Write =>
  putIfVersion(tableName('main'), slotToItem(after), before.version);

export type SlotQuery = (
  | { readonly district: string; readonly from: IsoDate; readonly to: IsoDate; readonly street?: string }
  | { readonly org: string; readonly contractId?: string }
) & { readonly limit: number; readonly start?: Record<string, unknown> };

/** One page of slots: a district's by due date in a range (byDistrict), or an operator's (byOrg). */
export async function querySlots(
  q: SlotQuery,
): Promise<{ items: ReportSlot[]; lastKey?: Record<string, unknown> }> {
  const input =
    'org' in q
      ? (() => {
          const p = keys.reportSlotsOfOrgPrefix(q.org, q.contractId);
          return {
            IndexName: 'byOrg',
            KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)',
            ExpressionAttributeValues: { ':pk': p.gsi3pk, ':prefix': p.gsi3skPrefix },
          };
        })()
      : (() => {
          const r = keys.reportSlotsOfDistrictRange(q.district, q.from, q.to);
          return {
            IndexName: 'byDistrict',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ...(q.street ? { FilterExpression: 'streetCode = :street' } : {}),
            ExpressionAttributeValues: {
              ':pk': r.gsi1pk,
              ':from': r.from,
              ':to': r.to,
              ...(q.street ? { ':street': q.street } : {}),
            },
          };
        })();
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      ...input,
      Limit: q.limit,
      ...(q.start ? { ExclusiveStartKey: q.start } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => strip<ReportSlot>(i)),
    ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
  };
}

/** Every slot of a district due in [from, to] (timeliness, B3). */
export async function slotsOfDistrictDue(
  district: string,
  from: IsoDate,
  to: IsoDate,
): Promise<ReportSlot[]> {
  const all: ReportSlot[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await querySlots({ district, from, to, limit: 500, ...(start ? { start } : {}) });
    all.push(...page.items);
    start = page.lastKey;
  } while (start);
  return all;
}

/**
 * The slots of a due partition with a step due on or before `today`, through the sparse byDue index: what the
 * daily job reads. `read` counts the index items DynamoDB examined, to show the read is bounded by what is due.
 */
/** The byDue partition of a report-deadline job (keys.reportDue). */
export const reportDuePartition = (partition: ReportDuePartition) => `DUE#${partition}`;
export const dueSlots = (partition: ReportDuePartition, today: IsoDate) =>
  dueIds(reportDuePartition(partition), today);

export const putSubmissionWrite = (s: Submission): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { ...keys.reportSubmission(s.slotId, s.uploadId), entity: 'report-submission', ...s },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: () =>
    new DomainError(
      'UPLOAD_ALREADY_PROCESSED',
      409,
      '该次上传已处理',
      '这次上传已经校验处理过；如需更换文件，请重新申请上传。',
    ),
});

/** Upload tickets expire from the table 30 days after issue (they only guard against replays of the event). */
const TICKET_RETENTION_SECONDS = 30 * 24 * 3600;

export const createTicketWrite = (t: UploadTicket): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: {
        ...keys.uploadTicket(t.uploadId),
        entity: 'upload-ticket',
        ...t,
        expiresAt: Math.floor(Date.parse(t.issuedAt) / 1000) + TICKET_RETENTION_SECONDS,
      },
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
});

export async function getTicket(uploadId: string): Promise<UploadTicket | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.uploadTicket(uploadId), ConsistentRead: true }),
  );
  return out.Item ? strip<UploadTicket>(out.Item) : undefined;
}

/** Marks a ticket used, only if it was not: the guard that makes a replayed S3 event change nothing. */
export const consumeTicketWrite = (uploadId: string, eTag: string | undefined, at: string): Write => ({
  item: {
    Update: {
      TableName: tableName('main'),
      Key: keys.uploadTicket(uploadId),
      UpdateExpression: 'SET #state = :used, usedAt = :at, usedETag = :etag',
      ConditionExpression: '#state = :issued',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':used': 'used', ':issued': 'issued', ':at': at, ':etag': eTag ?? '' },
    },
  },
  onConditionFailed: () =>
    new DomainError(
      'UPLOAD_ALREADY_PROCESSED',
      409,
      '该次上传已处理',
      '这次上传已经校验处理过；如需更换文件，请重新申请上传。',
    ),
});

/** B2: a read receipt, written once per reader and version (a second opening changes nothing). */
export const readReceiptWrite = (r: ReadReceipt): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { ...keys.readReceipt(r.slotId, r.uploadId, r.party, r.sub), entity: 'read-receipt', ...r },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: () =>
    new DomainError('ALREADY_READ', 409, '已记录阅读', '您已阅读过这一版本，阅读记录不会重复登记。'),
});

/**
 * A notice for a party's inbox. When the stage delivers notices on other channels too (e-mail, SMS, webhook), the
 * notice also waits in byDue `DUE#NOTICE` until its deliveries are created (transactional outbox): a process that
 * dies between the commit and that step leaves it there, and the notice-delivery job picks it up.
 */
export const notificationWrite = (n: Notification, outbox = noticeOutboxEnabled()): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: {
        ...keys.notification(n.party, n.id),
        ...(outbox ? keys.noticeOutbox(n.createdAt, n.party, n.id) : {}),
        entity: 'notification',
        ...n,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
});

export async function getNotification(party: string, id: string): Promise<Notification | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.notification(party, id), ConsistentRead: true }),
  );
  return out.Item ? strip<Notification>(out.Item) : undefined;
}

/** One page of a party's inbox, newest first; optionally unread only. */
export async function queryInbox(q: {
  party: string;
  unreadOnly: boolean;
  limit: number;
  start?: Record<string, unknown>;
}): Promise<{ items: Notification[]; lastKey?: Record<string, unknown> }> {
  const p = keys.inboxPrefix(q.party);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ...(q.unreadOnly ? { FilterExpression: 'attribute_not_exists(readAt)' } : {}),
      ExpressionAttributeValues: { ':pk': p.pk, ':prefix': p.skPrefix },
      ScanIndexForward: false,
      Limit: q.limit,
      ...(q.start ? { ExclusiveStartKey: q.start } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => strip<Notification>(i)),
    ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
  };
}

/** Marks a notification read (first reader wins; marking again changes nothing). */
export const markReadWrite = (party: string, id: string, by: string, at: string): Write => ({
  item: {
    Update: {
      TableName: tableName('main'),
      Key: keys.notification(party, id),
      UpdateExpression: 'SET readAt = :at, readBy = :by',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
      ExpressionAttributeValues: { ':at': at, ':by': by },
    },
  },
  onConditionFailed: () =>
    new DomainError('ALREADY_READ', 409, '已标记为已读', '这条通知已标记为已读，无需再次标记。'),
});

/**
 * A party's addresses for notices: an e-mail address, and a mobile phone — personal data: stored sealed (field
 * crypto, bound to this item) with its masked form beside it; opened only by the notice-delivery job.
 */
export interface Contact {
  readonly party: string;
  readonly email?: string;
  /** Masked: 138****5678. */
  readonly phone?: string;
  readonly sealed?: { readonly phone?: string };
  readonly version: number;
  readonly updatedAt: string;
}

/** Where a contact's phone is sealed: it opens there and nowhere else. */
export const contactPhoneBinding = (party: string) => ({ ...keys.contact(party), field: 'phone' });

/** Seals a party's phone for its contact item (kms:GenerateDataKey on AWS). */
export const sealContactPhone = (party: string, phone: string): Promise<string> =>
  sealField(phone, contactPhoneBinding(party));

/** Opens a contact's phone (kms:Decrypt on AWS: the notice-delivery job alone holds it). */
export const openContactPhone = (contact: Contact): Promise<string | undefined> =>
  contact.sealed?.phone
    ? openField(contact.sealed.phone, contactPhoneBinding(contact.party))
    : Promise.resolve(undefined);

export async function getContact(party: string): Promise<Contact | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.contact(party), ConsistentRead: true }),
  );
  return out.Item ? strip<Contact>(out.Item) : undefined;
}

export const putContactWrite = (after: Contact, before?: Contact): Write => {
  const item = { ...keys.contact(after.party), entity: 'contact', ...after };
  return before
    ? putIfVersion(tableName('main'), item, before.version)
    : {
        item: {
          Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
        },
      };
};
