import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { ArchiveCategory } from '#shared/domain/archives/retention';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import { SERVICE_RECORD_NAMES } from '#shared/domain/handover/handover';
import type { ReportSlot } from '#shared/domain/reports/report-slot';
import { documentClient } from './client';
import { readDue } from './due-index';
import type { LedgerEntry } from './funds.repository';
import type { ServiceRecord } from './handover.repository';
import { keys } from './keys';
import type { Write } from './unit-of-work';

/**
 * R10.1: the documents the system holds, one item each (`ARCHIVE#<contract id | district#code>` / `DOC#<key>`),
 * written in the same transaction as the record that names the object (a passed report version, a ledger
 * voucher, a service record, a handover agreement). While its Object Lock copy is not made the item sits in
 * byDue `DUE#ARCHIVE`; the archive-copies job reads exactly those.
 */
export interface ArchiveDocument {
  readonly owner: string;
  readonly key: string;
  readonly category: ArchiveCategory;
  readonly title: string;
  readonly date: IsoDate;
  readonly districtCode: string;
  readonly contractId?: string;
  readonly recordedAt: string;
  readonly status: 'pending' | 'archived' | 'missing';
  readonly retainUntil?: IsoDate;
  readonly archivedAt?: string;
  readonly archiveVersionId?: string;
}

export const archiveOwner = (d: { contractId?: string; districtCode: string }) =>
  d.contractId ?? `district#${d.districtCode}`;

/** What a record says of its document; the item adds the owner, the state and when it was recorded. */
export type ArchiveDocumentOf = Omit<ArchiveDocument, 'owner' | 'status' | 'recordedAt'>;

/**
 * The archive document of each kind of record, one place for each (the use cases that write the record, and the
 * benchmark's generator, which writes them as the use cases do).
 */
export const archiveDocumentOf = {
  /** A ledger expense's voucher: accounting material, dated the day of the expense. */
  voucher: (e: LedgerEntry): ArchiveDocumentOf => ({
    key: e.voucherKey,
    category: 'accounting',
    title: e.description,
    date: e.spentOn,
    districtCode: e.districtCode,
    contractId: e.contractId,
  }),
  /** A report version that passed validation, dated the day it was uploaded. */
  reportVersion: (slot: ReportSlot, key: string, uploadedOn: IsoDate): ArchiveDocumentOf => ({
    key,
    category: slot.kind === 'evaluation_report' ? 'evaluation_report' : 'service_report',
    title: slot.title,
    date: uploadedOn,
    districtCode: slot.districtCode,
    ...(slot.contractId ? { contractId: slot.contractId } : {}),
  }),
  /** A service record, dated the day it was uploaded. */
  serviceRecord: (r: ServiceRecord, uploadedOn: IsoDate): ArchiveDocumentOf => ({
    key: r.key,
    category: 'service_record',
    title: `${SERVICE_RECORD_NAMES[r.kind]}：${r.title}`,
    date: uploadedOn,
    districtCode: r.districtCode,
    contractId: r.contractId,
  }),
  /** The signed handover agreement of an operator's exit. */
  handoverAgreement: (
    h: { readonly districtCode: string; readonly contractId: string },
    key: string,
    on: IsoDate,
  ): ArchiveDocumentOf => ({
    key,
    category: 'handover',
    title: '档案移交协议书',
    date: on,
    districtCode: h.districtCode,
    contractId: h.contractId,
  }),
};

/** The document's item, due for its archive copy on the day it was recorded. */
export function archiveDocumentWrite(d: ArchiveDocumentOf, now: Date): Write {
  const owner = archiveOwner(d);
  return {
    item: {
      Put: {
        TableName: tableName('main'),
        Item: {
          ...keys.archiveDocument(owner, d.key),
          ...keys.archiveDue(d.date, d.key),
          entity: 'archive-document',
          ...d,
          owner,
          status: 'pending',
          recordedAt: now.toISOString(),
        },
        // A key names one object: recording it twice (one voucher for two expenses) is refused.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () =>
      new DomainError(
        'DOCUMENT_ALREADY_RECORDED',
        409,
        '该文件已登记过，不能重复使用',
        '这份文件已作为另一份档案登记过；请上传新的文件后再登记。',
        {
          rule: 'R10.1',
        },
      ),
  };
}

/** The documents waiting for their archive copy (status pending), through byDue. */
export function pendingArchiveDocuments(today: IsoDate) {
  return readDue<
    Pick<
      ArchiveDocument,
      'owner' | 'key' | 'category' | 'date' | 'contractId' | 'districtCode' | 'recordedAt'
    >
  >('DUE#ARCHIVE', today, ['owner', 'key', 'category', 'date', 'contractId', 'districtCode', 'recordedAt']);
}

export async function getArchiveDocuments(owner: string): Promise<ArchiveDocument[]> {
  const p = keys.archiveDocumentsPrefix(owner);
  const items: ArchiveDocument[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': p.pk, ':prefix': p.skPrefix },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const { pk: _a, sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, ...rest } of out.Items ?? []) {
      items.push(rest as unknown as ArchiveDocument);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Settles a pending document (archived with its lock date and version, or missing: its upload never came) and
 * takes it out of byDue. Conditional on still pending, so a second run settles nothing twice.
 */
export function settleArchiveDocumentWrite(
  owner: string,
  key: string,
  outcome:
    | { status: 'archived'; retainUntil: IsoDate; archivedAt: string; archiveVersionId?: string }
    | { status: 'missing' },
): Write {
  const set = Object.entries(outcome).filter(([, v]) => v !== undefined);
  return {
    item: {
      Update: {
        TableName: tableName('main'),
        Key: keys.archiveDocument(owner, key),
        UpdateExpression: `SET ${set.map((_, i) => `#n${i} = :v${i}`).join(', ')} REMOVE gsi2pk, gsi2sk`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: {
          ...Object.fromEntries(set.map(([k], i) => [`#n${i}`, k])),
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(set.map(([, v], i) => [`:v${i}`, v])),
          ':pending': 'pending',
        },
      },
    },
    onConditionFailed: () =>
      new DomainError(
        'ARCHIVE_ALREADY_SETTLED',
        409,
        '该文件已归档',
        '这份文件已归档，无需再次处理；请刷新查看其归档结果。',
      ),
  };
}
