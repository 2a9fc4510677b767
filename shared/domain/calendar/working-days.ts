import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addDays, dayOfWeek, type IsoDate, isIsoDate, yearOf } from './dates';
import type { NonWorkingDueDateRule } from './due-date-rules';

/**
 * China's working-day calendar (B5): statutory holidays are off, 调休 weekend days are on, otherwise Monday to
 * Friday are working days. The data comes from the `chinese-days` package (2004–2026 at 1.5.7); the city can
 * enter a year the package does not know yet, or correct one it does (an override replaces the package's data
 * for that year entirely, so a correction never mixes two sources). A year with neither is not official: the
 * weekday rule still answers, but every result that touches that year is marked provisional, never silently
 * wrong. Deadlines in working days (R9.3 reports, R10.2 handover, R15.1 complaints, R18.1 publicity) use this.
 */
export interface YearSchedule {
  readonly year: number;
  /** Days off: the statutory holidays, including the weekdays of a break. */
  readonly holidays: readonly IsoDate[];
  /** Weekend days that are working days (调休). */
  readonly workdays: readonly IsoDate[];
  readonly source: 'package' | 'override';
}

export interface YearStatus {
  readonly year: number;
  /** True when the package or the city has the year's arrangement; false means only the weekday rule is known. */
  readonly official: boolean;
  readonly source: 'package' | 'override' | 'none';
}

export interface WorkingDay {
  readonly working: boolean;
  /** The date's year has no official data, so a 调休 or holiday may still move this answer. */
  readonly provisional: boolean;
}

export interface WorkingDate {
  readonly date: IsoDate;
  /** Some day examined to reach `date` lies in a year with no official data. */
  readonly provisional: boolean;
}

/**
 * A computed deadline or reminder date (issue 18): the date, whether it was computed without an official calendar
 * for some year it touched, and every calendar year it depends on (from its base date to the date itself), so that
 * loading or correcting one of those years can find it and compute it again.
 */
export interface ScheduledDate extends WorkingDate {
  readonly years: readonly number[];
}

/**
 * How a date is scheduled: a due date (`due`, optionally `workingDays` working days after it, then moved off a
 * non-working day by `rule`), or a reminder `workingDays` working days before a due date (0: on the due date itself),
 * which is moved to the previous working day when it would fall on a non-working day: a reminder after the due date
 * would be useless.
 */
export type ScheduleSpec =
  | { readonly due: IsoDate; readonly workingDays?: number; readonly rule: NonWorkingDueDateRule }
  | { readonly remindBefore: IsoDate; readonly workingDays: number };

export interface WorkingDayRange {
  readonly count: number;
  readonly days: IsoDate[];
  readonly provisional: boolean;
}

/**
 * Beyond this many days examined (about ten years) a computation is refused rather than looping on bad input;
 * no deadline in the rules is longer than a few months of working days.
 */
export const MAX_DAYS_EXAMINED = 3660;

interface DaySets {
  readonly off: ReadonlySet<IsoDate>;
  readonly on: ReadonlySet<IsoDate>;
}

/**
 * The package's data grouped by year, read once at module load. `inLieuDays` is not needed: those days are
 * already among `holidays`. A year counts as known when it has at least one entry of either kind.
 */
const PACKAGE_YEARS: ReadonlyMap<number, DaySets> = (() => {
  const json = data as { holidays: Record<string, string>; workdays: Record<string, string> };
  const years = new Map<number, { off: Set<IsoDate>; on: Set<IsoDate> }>();
  const year = (date: IsoDate) => {
    const y = yearOf(date);
    let sets = years.get(y);
    if (!sets) {
      sets = { off: new Set(), on: new Set() };
      years.set(y, sets);
    }
    return sets;
  };
  for (const date of Object.keys(json.holidays)) year(date).off.add(date);
  for (const date of Object.keys(json.workdays)) year(date).on.add(date);
  return years;
})();

const assertDate = (date: IsoDate, what: string): void => {
  if (!isIsoDate(date)) throw new RangeError(`${what} is not a YYYY-MM-DD date: ${date}`);
};

const isWeekday = (date: IsoDate): boolean => {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
};

/**
 * Checks an override before it is trusted: a date outside its year would never be consulted (lookups go by the
 * date's own year), so a misfiled date would be silently ignored; refusing it surfaces the bad entry instead.
 */
const toDaySets = (key: number, schedule: YearSchedule): DaySets => {
  if (key !== schedule.year) throw new RangeError(`Override filed under ${key} is for ${schedule.year}`);
  for (const date of [...schedule.holidays, ...schedule.workdays]) {
    assertDate(date, `Override date for ${schedule.year}`);
    if (yearOf(date) !== schedule.year) throw new RangeError(`${date} is not in ${schedule.year}`);
  }
  return { off: new Set(schedule.holidays), on: new Set(schedule.workdays) };
};

/**
 * The calendar every working-day deadline is computed on. Build it with the city's overrides (loaded by the
 * caller); it does no I/O itself, so the same instance answers any number of computations consistently.
 */
export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<number, DaySets>;

  constructor(overrides: ReadonlyMap<number, YearSchedule> = new Map()) {
    this.overrides = new Map([...overrides].map(([key, schedule]) => [key, toDaySets(key, schedule)]));
  }

  /** Whether `year` has official data, and from where; an override wins over the package. */
  yearStatus(year: number): YearStatus {
    if (this.overrides.has(year)) return { year, official: true, source: 'override' };
    if (PACKAGE_YEARS.has(year)) return { year, official: true, source: 'package' };
    return { year, official: false, source: 'none' };
  }

  /**
   * Holidays are off and 调休 days are on, whatever the weekday; other days follow Monday to Friday. In a year
   * with no official data only the weekday rule applies and the answer is provisional.
   */
  isWorkingDay(date: IsoDate): WorkingDay {
    assertDate(date, 'Date');
    return this.classify(date);
  }

  /**
   * The n-th working day after `start`, which is not counted (a deadline "within 30 working days of exit", R10.2,
   * is addWorkingDays(exit, 30)). A negative n counts backwards (a reminder n working days before a due date);
   * n = 0 returns `start` unchanged, without consulting the calendar.
   */
  addWorkingDays(start: IsoDate, n: number): WorkingDate {
    assertDate(start, 'Start');
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number: ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let date = start;
    let provisional = false;
    let examined = 0;
    while (remaining > 0) {
      if (++examined > MAX_DAYS_EXAMINED) {
        throw new RangeError(`${n} working days from ${start} not reached within ${MAX_DAYS_EXAMINED} days`);
      }
      date = addDays(date, step);
      const day = this.classify(date);
      provisional ||= day.provisional;
      if (day.working) remaining -= 1;
    }
    return { date, provisional };
  }

  /**
   * The working days of the inclusive range [from, to], in order; empty (and not provisional) when `to` is before
   * `from`. Provisional when any day of the range lies in a year with no official data.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): WorkingDayRange {
    assertDate(from, 'From');
    assertDate(to, 'To');
    const days: IsoDate[] = [];
    let provisional = false;
    let examined = 0;
    for (let date = from; date <= to; date = addDays(date, 1)) {
      if (++examined > MAX_DAYS_EXAMINED) {
        throw new RangeError(`Range ${from}…${to} is longer than ${MAX_DAYS_EXAMINED} days`);
      }
      const day = this.classify(date);
      provisional ||= day.provisional;
      if (day.working) days.push(date);
    }
    return { count: days.length, days, provisional };
  }

  /**
   * The last day of a period of n working days that begins on `start`: `start` is day 1 when it is a working day,
   * otherwise the period begins on the next one. A publicity period of at least 5 working days starting on
   * `start` (R18.1) ends on nthWorkingDayFrom(start, 5). n ≥ 1.
   */
  nthWorkingDayFrom(start: IsoDate, n: number): WorkingDate {
    assertDate(start, 'Start');
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number of at least 1: ${n}`);
    const first = this.classify(start);
    const rest = this.addWorkingDays(start, first.working ? n - 1 : n);
    return { date: rest.date, provisional: first.provisional || rest.provisional };
  }

  /**
   * The one function every deadline and reminder date is computed by (B5, issue 18): report due dates and their
   * reminders, complaint, handover and rectification deadlines, evaluation-window alerts. See ScheduleSpec.
   */
  schedule(spec: ScheduleSpec): ScheduledDate {
    const base = 'due' in spec ? spec.due : spec.remindBefore;
    assertDate(base, 'Date');
    let at: WorkingDate =
      'due' in spec
        ? this.addWorkingDays(base, spec.workingDays ?? 0)
        : this.addWorkingDays(base, -spec.workingDays);
    const rule: NonWorkingDueDateRule = 'due' in spec ? spec.rule : 'previous_working_day';
    if (rule !== 'unchanged') {
      const day = this.classify(at.date);
      const moved = day.working ? at : this.addWorkingDays(at.date, rule === 'next_working_day' ? 1 : -1);
      at = { date: moved.date, provisional: at.provisional || day.provisional || moved.provisional };
    }
    const [lo, hi] = [yearOf(base), yearOf(at.date)].sort((a, b) => a - b) as [number, number];
    const consulted =
      rule !== 'unchanged' || ('due' in spec ? (spec.workingDays ?? 0) : spec.workingDays) !== 0;
    return { ...at, years: consulted ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : [] };
  }

  private classify(date: IsoDate): WorkingDay {
    const year = yearOf(date);
    const sets = this.overrides.get(year) ?? PACKAGE_YEARS.get(year);
    if (!sets) return { working: isWeekday(date), provisional: true };
    if (sets.off.has(date)) return { working: false, provisional: false };
    if (sets.on.has(date)) return { working: true, provisional: false };
    return { working: isWeekday(date), provisional: false };
  }
}
