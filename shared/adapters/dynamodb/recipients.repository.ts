import { FieldCryptoError, isSealed, openField, sealField } from '#shared/adapters/crypto/field-crypto';
import { GetCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import {
  maskedPersonal,
  PERSONAL_FIELDS,
  type Recipient,
  type RecipientPersonalData,
  type SealedRecipientData,
} from '#shared/domain/recipients/recipient';
import { documentClient } from './client';
import { dueIds } from './due-index';
import { keys } from './keys';
import { type Page, pageOfByDistrict } from './pagination';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Service recipients (issue 19): `RECIPIENT#id` / `RECIPIENT`; a station's register in byDistrict
 * (`keys.recipientByStation`); those marked for deletion in byDue `DUE#RECIPIENT` (`keys.recipientDue`). The
 * personal fields are stored sealed only (each bound to the item and its attribute) beside their masked forms.
 */
const STRIP = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'];
const fromItem = (item: Record<string, unknown>): Recipient => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as unknown as Recipient;
};

const toItem = (r: Recipient) => {
  if (r.sealed && !Object.values(r.sealed).every((v) => v === undefined || isSealed(v))) {
    throw new FieldCryptoError('a recipient is stored with its personal data sealed only');
  }
  return {
    ...keys.recipient(r.id),
    ...keys.recipientByStation(r.stationId, r.createdAt, r.id),
    ...(r.status === 'deletion_pending' && r.deletion ? keys.recipientDue(r.deletion.anonymiseOn, r.id) : {}),
    entity: 'recipient',
    ...r,
  };
};

const binding = (id: string, field: keyof SealedRecipientData) => ({
  ...keys.recipient(id),
  field: `sealed.${field}`,
});

/** Seals the given personal fields for the recipient's item and returns them with their masked forms. */
export async function sealRecipient(
  id: string,
  personal: Partial<RecipientPersonalData>,
  current?: SealedRecipientData,
): Promise<
  { sealed: SealedRecipientData } & Partial<Pick<Recipient, 'name' | 'idNumber' | 'phone' | 'address'>>
> {
  const sealedNew: Record<string, string> = {};
  for (const field of PERSONAL_FIELDS) {
    const value = personal[field];
    if (value !== undefined) sealedNew[field] = await sealField(value, binding(id, field));
  }
  const masked = maskedPersonal({ ...personal, name: personal.name ?? '' });
  const { name: maskedName, ...others } = masked;
  return {
    sealed: { ...(current ?? {}), ...sealedNew } as SealedRecipientData,
    ...(personal.name !== undefined ? { name: maskedName } : {}),
    ...others,
  };
}

/** Opens a recipient's sealed personal data (needs kms:Decrypt on AWS). */
export async function openRecipient(r: Recipient): Promise<RecipientPersonalData> {
  if (!r.sealed || !isSealed(r.sealed.name)) throw new FieldCryptoError('the recipient holds no sealed data');
  const sealed = r.sealed;
  const opened: Record<string, string> = {};
  for (const field of PERSONAL_FIELDS) {
    const value = sealed[field];
    if (value !== undefined) opened[field] = await openField(value, binding(r.id, field));
  }
  return opened as unknown as RecipientPersonalData;
}

export async function getRecipient(id: string): Promise<Recipient | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.recipient(id), ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

/** A station's register, oldest first, a page at a time. */
export const queryRecipients = (
  stationId: string,
  limit: number,
  cursor?: string,
): Promise<Page<Recipient>> => pageOfByDistrict(keys.recipientsOfStation(stationId), limit, cursor, fromItem);

export const createRecipientWrite = (r: Recipient): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: toItem(r), ConditionExpression: 'attribute_not_exists(pk)' },
  },
  onConditionFailed: () =>
    new DomainError(
      'DUPLICATE_ID',
      409,
      '记录已存在',
      '同一编号的记录已存在，本次未作任何更改；请刷新后查看，不要重复提交。',
    ),
});

/** Replaces the recipient if it still has the version read (409 VERSION_CONFLICT otherwise). */
export const updateRecipientWrite = (before: Recipient, after: Recipient): Write =>
  putIfVersion(tableName('main'), toItem(after), before.version);

/** For a read that must see the record unchanged in its transaction (a reveal): same version, still holding data. */
export const recipientUnchangedCheck = (r: Recipient): Write => ({
  item: {
    ConditionCheck: {
      TableName: tableName('main'),
      Key: keys.recipient(r.id),
      ConditionExpression: '#version = :v AND #status <> :anon',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':v': r.version, ':anon': 'anonymised' },
    },
  },
  onConditionFailed: () =>
    new DomainError(
      'VERSION_CONFLICT',
      409,
      '数据已被他人修改，请刷新后重试',
      '服务对象的档案刚被修改或已匿名化；请重新读取后再查看。',
    ),
});

/** Recipients whose retention has ended by `today` (byDue): what the retention job reads. */
export const dueRecipients = (today: IsoDate) => dueIds(keys.recipientDuePartition(), today);
