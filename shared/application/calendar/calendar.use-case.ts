import {
  type CalendarYearOverride,
  listCalendarOverrides,
  putCalendarOverrideWrite,
  startRecomputeWrite,
  toYearSchedule,
} from '#shared/adapters/dynamodb/calendar.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Actor } from '#shared/domain/audit/audit-record';
import { dayOfWeek, type IsoDate, shanghaiDate, yearOf } from '#shared/domain/calendar/dates';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError, versionConflict } from '#shared/domain/errors';

/**
 * The working calendar every deadline uses (B5): the `chinese-days` package plus the city's per-year overrides
 * stored in DynamoDB. Computations that reach a year with neither are marked provisional.
 */
export async function loadWorkingCalendar(): Promise<WorkingCalendar> {
  const overrides = await listCalendarOverrides();
  return new WorkingCalendar(new Map(overrides.map((o) => [o.year, toYearSchedule(o)])));
}

export interface CalendarYearInput {
  readonly holidays: readonly IsoDate[];
  readonly workdays: readonly IsoDate[];
  readonly basis: string;
  /** Required to correct a year already entered: the version that was read. */
  readonly version?: number;
}

/**
 * Stores (or corrects) a year's official arrangement.
 * 1. Check every date lies in the year, no date is both off and on, and each 调休 workday is a weekend day.
 * 2. A correction must carry the version it read (409 otherwise); a first entry must not.
 * 3. Write the override, conditional on that version, and its audit record (before/after) in one transaction,
 *    with the recomputation it starts (issue 18): every pending date that depends on the year is computed again
 *    by the next deadline job, in batches (see recompute-dates.use-case.ts).
 */
export async function putCalendarYear(
  actor: Actor,
  year: number,
  input: CalendarYearInput,
): Promise<CalendarYearOverride> {
  const errors = [
    ...input.holidays
      .filter((d) => yearOf(d) !== year)
      .map((d) => ({ path: 'body.holidays', message: `${d} 不在 ${year} 年` })),
    ...input.workdays
      .filter((d) => yearOf(d) !== year)
      .map((d) => ({ path: 'body.workdays', message: `${d} 不在 ${year} 年` })),
    ...input.workdays
      .filter((d) => input.holidays.includes(d))
      .map((d) => ({ path: 'body.workdays', message: `${d} 不能既是假日又是调休上班日` })),
    ...input.workdays
      .filter((d) => ![0, 6].includes(dayOfWeek(d)))
      .map((d) => ({ path: 'body.workdays', message: `${d} 不是周末，无需调休上班` })),
  ];
  if (errors.length > 0) {
    throw new DomainError('CALENDAR_YEAR_INVALID', 422, '节假日安排不合法', undefined, {
      errors,
      rule: 'B5',
    });
  }
  const before = (await listCalendarOverrides()).find((o) => o.year === year);
  if (before ? input.version !== before.version : input.version !== undefined) throw versionConflict();
  const after: CalendarYearOverride = {
    year,
    holidays: [...new Set(input.holidays)].sort(),
    workdays: [...new Set(input.workdays)].sort(),
    basis: input.basis,
    version: (before?.version ?? 0) + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [
      putCalendarOverrideWrite(after, before),
      startRecomputeWrite({ year, version: after.version, startedOn: shanghaiDate(actor.now), changed: 0 }),
    ],
    [
      auditRecordOf(actor, {
        action: before ? 'calendar-year.update' : 'calendar-year.create',
        entity: { type: 'calendar-year', id: String(year) },
        scope: {},
        ...(before ? { before } : {}),
        after,
      }),
    ],
  );
  return after;
}

export type WorkingDaysQuery = { from: IsoDate; to: IsoDate } | { start: IsoDate; add: number };

/** Working days in a range, or the date N working days from a start, with the status of each year involved. */
export async function workingDays(query: WorkingDaysQuery) {
  const calendar = await loadWorkingCalendar();
  if ('from' in query) {
    const r = calendar.workingDaysBetween(query.from, query.to);
    const years = yearsBetween(yearOf(query.from), yearOf(query.to));
    return {
      from: query.from,
      to: query.to,
      count: r.count,
      days: r.days,
      provisional: r.provisional,
      years: years.map((y) => calendar.yearStatus(y)),
    };
  }
  const r = calendar.addWorkingDays(query.start, query.add);
  const [lo, hi] = [yearOf(query.start), yearOf(r.date)].sort((a, b) => a - b) as [number, number];
  return {
    start: query.start,
    add: query.add,
    date: r.date,
    provisional: r.provisional,
    years: yearsBetween(lo, hi).map((y) => calendar.yearStatus(y)),
  };
}

const yearsBetween = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
