import { FieldCryptoError, isSealed, sealField } from '#shared/adapters/crypto/field-crypto';
import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { DomainError } from '#shared/domain/errors';
import type { Case } from '#shared/domain/services/case';
import type { ServiceKind, ServiceRecord } from '#shared/domain/services/service-record';
import type { Volunteer, VolunteerHours } from '#shared/domain/services/volunteer';
import { documentClient } from './client';
import { keys } from './keys';
import { type Page, pageAcrossPartitions, pageOfByDistrict } from './pagination';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Service records and cases (issue 19 item 2): `SERVICE_RECORD#id` / `SERVICE_RECORD`, a station's month in
 * byDistrict (`keys.serviceRecordByStationMonth`); `CASE#id` / `CASE`, a station's cases in byDistrict
 * (`keys.serviceCaseByStation`); `VOLUNTEER#id` (`keys.volunteerByStation`) with the phone sealed; volunteer hours
 * `VOLUNTEER_HOURS#id` in a station's month (`keys.volunteerHoursByStationMonth`). A record holds recipient ids only,
 * never their personal data.
 */
const STRIP = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as T;
};

const recordItem = (r: ServiceRecord) => ({
  ...keys.serviceRecord(r.id),
  ...keys.serviceRecordByStationMonth(r.stationId, r.date, r.id),
  entity: 'service-record',
  ...r,
});

const caseItem = (c: Case) => ({
  ...keys.serviceCase(c.id),
  ...keys.serviceCaseByStation(c.stationId, c.openedOn, c.id),
  entity: 'case',
  ...c,
});

const duplicate = () =>
  new DomainError(
    'DUPLICATE_ID',
    409,
    '记录已存在',
    '同一编号的记录已存在，本次未作任何更改；请刷新后查看，不要重复提交。',
  );

async function getItem<T>(key: Record<string, string>): Promise<T | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: key, ConsistentRead: true }),
  );
  return out.Item ? strip<T>(out.Item) : undefined;
}

export const getServiceRecord = (id: string) => getItem<ServiceRecord>(keys.serviceRecord(id));
export const getCase = (id: string) => getItem<Case>(keys.serviceCase(id));

export const createServiceRecordWrite = (r: ServiceRecord): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: recordItem(r),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: duplicate,
});

/** Replaces the record if it still has the version read (409 VERSION_CONFLICT otherwise). */
export const updateServiceRecordWrite = (before: ServiceRecord, after: ServiceRecord): Write =>
  putIfVersion(tableName('main'), recordItem(after), before.version);

export const createCaseWrite = (c: Case): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: caseItem(c), ConditionExpression: 'attribute_not_exists(pk)' },
  },
  onConditionFailed: duplicate,
});

export const updateCaseWrite = (before: Case, after: Case): Write =>
  putIfVersion(tableName('main'), caseItem(after), before.version);

/** A station's records of one month in date order, a page at a time, optionally of one kind. */
export function queryServiceRecords(
  stationId: string,
  month: string,
  q: { limit: number; cursor?: string; kind?: ServiceKind },
): Promise<Page<ServiceRecord>> {
  const partition = keys.serviceRecordsOfStationMonth(stationId, month);
  return pageAcrossPartitions([partition], q.limit, q.cursor, async (pk, start, n) => {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'byDistrict',
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(q.kind
          ? { FilterExpression: '#kind = :kind', ExpressionAttributeNames: { '#kind': 'kind' } }
          : {}),
        ExpressionAttributeValues: { ':pk': pk, ...(q.kind ? { ':kind': q.kind } : {}) },
        Limit: n,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => strip<ServiceRecord>(i)),
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
  });
}

/** Every record of a station's month (a station records hundreds a month, not millions): for the service hours. */
export async function monthServiceRecords(stationId: string, month: string): Promise<ServiceRecord[]> {
  const items: ServiceRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'byDistrict',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.serviceRecordsOfStationMonth(stationId, month) },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((i) => strip<ServiceRecord>(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A station's cases, oldest first, a page at a time. */
export const queryCases = (stationId: string, limit: number, cursor?: string): Promise<Page<Case>> =>
  pageOfByDistrict(keys.serviceCasesOfStation(stationId), limit, cursor, (i) => strip<Case>(i));

const volunteerItem = (v: Volunteer) => {
  if (v.phone !== undefined && !isSealed(v.sealed?.phone)) {
    throw new FieldCryptoError('a volunteer is stored with the phone sealed only');
  }
  return {
    ...keys.volunteer(v.id),
    ...keys.volunteerByStation(v.stationId, v.createdAt, v.id),
    entity: 'volunteer',
    ...v,
  };
};

/** Seals a volunteer's phone for its item (bound to the item and attribute). */
export const sealVolunteerPhone = (id: string, phone: string) =>
  sealField(phone, { ...keys.volunteer(id), field: 'sealed.phone' });

export const getVolunteer = (id: string) => getItem<Volunteer>(keys.volunteer(id));

export const createVolunteerWrite = (v: Volunteer): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: volunteerItem(v),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: duplicate,
});

export const createVolunteerHoursWrite = (h: VolunteerHours): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: {
        ...keys.volunteerHours(h.id),
        ...keys.volunteerHoursByStationMonth(h.stationId, h.date, h.id),
        entity: 'volunteer-hours',
        ...h,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: duplicate,
});

export const queryVolunteers = (stationId: string, limit: number, cursor?: string) =>
  pageOfByDistrict(keys.volunteersOfStation(stationId), limit, cursor, (i) => strip<Volunteer>(i));

export const queryVolunteerHours = (stationId: string, month: string, limit: number, cursor?: string) =>
  pageOfByDistrict(keys.volunteerHoursOfStationMonth(stationId, month), limit, cursor, (i) =>
    strip<VolunteerHours>(i),
  );

/** Every volunteer-hours entry of a station's month: for the service hours. */
export async function monthVolunteerHours(stationId: string, month: string): Promise<VolunteerHours[]> {
  const items: VolunteerHours[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryVolunteerHours(stationId, month, 100, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Every item of a paged read, page after page (a station's register: thousands at most, not millions). */
export async function everyPage<T>(page: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return items;
}

/** A station's cases opened on or before `to`, through its cases partition (the sort key starts with `openedOn#`). */
export async function casesOpenedBy(stationId: string, to: string): Promise<Case[]> {
  const items: Case[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        IndexName: 'byDistrict',
        // '$' sorts right after '#': every key `${to}#…` and before it, none after.
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :upper',
        ExpressionAttributeValues: { ':pk': keys.serviceCasesOfStation(stationId), ':upper': `${to}$` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((i) => strip<Case>(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A station's whole volunteer register, to be counted (nothing of it is shown). */
export const stationVolunteers = (stationId: string): Promise<Volunteer[]> =>
  everyPage((cursor) => queryVolunteers(stationId, 100, cursor));

/** Every record of the given months of a station, month after month. */
export async function serviceRecordsOfMonths(
  stationId: string,
  months: readonly string[],
): Promise<ServiceRecord[]> {
  const parts = await Promise.all(months.map((m) => monthServiceRecords(stationId, m)));
  return parts.flat();
}

/** Every volunteer-hours entry of the given months of a station. */
export async function volunteerHoursOfMonths(
  stationId: string,
  months: readonly string[],
): Promise<VolunteerHours[]> {
  const parts = await Promise.all(months.map((m) => monthVolunteerHours(stationId, m)));
  return parts.flat();
}
