import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { YearSchedule } from '#shared/domain/calendar/working-days';
import { versionConflict } from '#shared/domain/errors';
import { documentClient } from './client';
import { readDue } from './due-index';
import { keys } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

/** A year's holiday arrangement entered by the city, for years the calendar package does not know yet. */
export interface CalendarYearOverride {
  readonly year: number;
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
  readonly basis: string;
  readonly version: number;
  readonly updatedAt: string;
}

export async function listCalendarOverrides(): Promise<CalendarYearOverride[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
      ExpressionAttributeValues: { ':pk': keys.calendarPartition(), ':year': 'YEAR#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => ({
    year: Number(i.year),
    holidays: (i.holidays as string[]) ?? [],
    workdays: (i.workdays as string[]) ?? [],
    basis: String(i.basis),
    version: Number(i.version ?? 1),
    updatedAt: String(i.updatedAt),
  }));
}

export const toYearSchedule = (o: CalendarYearOverride): YearSchedule => ({
  year: o.year,
  holidays: [...o.holidays],
  workdays: [...o.workdays],
  source: 'override',
});

/** Creates a year's entry (refused if one appeared meanwhile) or replaces it at the version that was read. */
export function putCalendarOverrideWrite(o: CalendarYearOverride, before?: CalendarYearOverride): Write {
  const item = { ...keys.calendarYear(o.year), entity: 'calendar-year', ...o };
  if (before) return putIfVersion(tableName('main'), item, before.version);
  return {
    item: {
      Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onConditionFailed: versionConflict,
  };
}

/**
 * Issue 18: a year's recomputation, started by its entry or correction: every pending item that depends on the year
 * is computed again, a page of dependents at a time, `cursor` saved between batches.
 */
export interface CalendarRecompute {
  readonly year: number;
  /** The calendar entry's version that started it. */
  readonly version: number;
  readonly startedOn: string;
  readonly cursor?: string;
  readonly changed: number;
  readonly doneAt?: string;
}

/** The recomputation a year's entry starts, due the day it is entered (written in the entry's transaction). */
export const startRecomputeWrite = (r: CalendarRecompute): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: {
        ...keys.calendarRecompute(r.year, r.version),
        ...keys.calendarRecomputeDue(r.startedOn, r.year, r.version),
        entity: 'calendar-recompute',
        ...r,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: versionConflict,
});

/** The recomputations not yet finished, through the byDue index. */
export async function pendingRecomputes(
  today: string,
): Promise<{ items: CalendarRecompute[]; read: number }> {
  const { items, read } = await readDue<{ year: number; version: number }>(
    keys.calendarRecomputeDuePartition(),
    today,
    ['year', 'version'],
  );
  const found = await Promise.all(items.map((i) => getRecompute(Number(i.year), Number(i.version))));
  return { items: found.filter((r): r is CalendarRecompute => r !== undefined && !r.doneAt), read };
}

export async function getRecompute(year: number, version: number): Promise<CalendarRecompute | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.calendarRecompute(year, version),
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  const i = out.Item;
  return {
    year: Number(i.year),
    version: Number(i.version),
    startedOn: String(i.startedOn),
    ...(i.cursor ? { cursor: String(i.cursor) } : {}),
    changed: Number(i.changed ?? 0),
    ...(i.doneAt ? { doneAt: String(i.doneAt) } : {}),
  };
}

/**
 * Saves a batch's progress, conditional on the cursor that was read (two runs cannot both advance it); once done
 * the item leaves the byDue index.
 */
export const advanceRecomputeWrite = (before: CalendarRecompute, after: CalendarRecompute): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: {
        ...keys.calendarRecompute(after.year, after.version),
        ...(after.doneAt ? {} : keys.calendarRecomputeDue(after.startedOn, after.year, after.version)),
        entity: 'calendar-recompute',
        ...after,
      },
      // `cursor` is a reserved word in DynamoDB expressions.
      ConditionExpression: before.cursor
        ? 'attribute_exists(pk) AND #cursor = :cursor AND attribute_not_exists(doneAt)'
        : 'attribute_exists(pk) AND attribute_not_exists(#cursor) AND attribute_not_exists(doneAt)',
      ExpressionAttributeNames: { '#cursor': 'cursor' },
      ...(before.cursor ? { ExpressionAttributeValues: { ':cursor': before.cursor } } : {}),
    },
  },
  onConditionFailed: versionConflict,
});

/** Records that `ref` depends on each of `years` (idempotent: the same item is written again). */
export const dependentWrites = (ref: string, years: readonly number[]): Write[] =>
  years.map((year) => ({
    item: {
      Put: {
        TableName: tableName('main'),
        Item: { ...keys.calendarDependent(year, ref), entity: 'calendar-dependent', year, ref },
      },
    },
  }));

/** `ref` no longer depends on `year` (nothing of it is pending there any more). */
export const dropDependentWrite = (year: number, ref: string): Write => ({
  item: { Delete: { TableName: tableName('main'), Key: keys.calendarDependent(year, ref) } },
});

/** One page of the dependents of `year`, after `cursor` (a ref), in ref order. */
export async function dependentsOf(
  year: number,
  limit: number,
  cursor?: string,
): Promise<{ refs: string[]; last?: string }> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.calendarDependentsOf(year) },
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: keys.calendarDependent(year, cursor) } : {}),
    }),
  );
  const refs = (out.Items ?? []).map((i) => String(i.ref));
  return { refs, ...(out.LastEvaluatedKey ? { last: String(out.LastEvaluatedKey.sk) } : {}) };
}
