import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '#shared/config';
import type { YearSchedule } from '#shared/domain/calendar/working-days';
import { versionConflict } from '#shared/domain/errors';
import { documentClient } from './client';
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
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.calendarPartition() },
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
