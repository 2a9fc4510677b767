import data from 'chinese-days/dist/chinese-days.json';
import { addDays, dayOfWeek, type IsoDate, yearOf } from './dates';

/**
 * China's working-day calendar (B5): statutory holidays are off, 调休 weekend days are on, otherwise Monday to
 * Friday are working days. The data comes from the `chinese-days` package; the city can enter or correct a year
 * (an override replaces the package's data for that year entirely). A year with neither is not official: the
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
  readonly official: boolean;
  readonly source: 'package' | 'override' | 'none';
}

interface DaySets {
  readonly off: ReadonlySet<IsoDate>;
  readonly on: ReadonlySet<IsoDate>;
}

const packageData = data as { holidays: Record<string, string>; workdays: Record<string, string> };
const PACKAGE_YEARS: ReadonlyMap<number, DaySets> = (() => {
  const years = new Map<number, { off: Set<IsoDate>; on: Set<IsoDate> }>();
  const entry = (year: number) => {
    let sets = years.get(year);
    if (!sets) {
      sets = { off: new Set(), on: new Set() };
      years.set(year, sets);
    }
    return sets;
  };
  for (const date of Object.keys(packageData.holidays)) entry(yearOf(date)).off.add(date);
  for (const date of Object.keys(packageData.workdays)) entry(yearOf(date)).on.add(date);
  return years;
})();

/** Beyond this many days examined a computation is refused rather than looping on bad input. */
const MAX_DAYS_EXAMINED = 3660;

export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<number, DaySets>;

  constructor(overrides: ReadonlyMap<number, YearSchedule> = new Map()) {
    this.overrides = new Map(
      [...overrides.values()].map((s) => [s.year, { off: new Set(s.holidays), on: new Set(s.workdays) }]),
    );
  }

  yearStatus(year: number): YearStatus {
    if (this.overrides.has(year)) return { year, official: true, source: 'override' };
    if (PACKAGE_YEARS.has(year)) return { year, official: true, source: 'package' };
    return { year, official: false, source: 'none' };
  }

  isWorkingDay(date: IsoDate): { working: boolean; provisional: boolean } {
    const year = yearOf(date);
    const sets = this.overrides.get(year) ?? PACKAGE_YEARS.get(year);
    const weekday = dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6;
    if (!sets) return { working: weekday, provisional: true };
    if (sets.off.has(date)) return { working: false, provisional: false };
    if (sets.on.has(date)) return { working: true, provisional: false };
    return { working: weekday, provisional: false };
  }

  /** The n-th working day after `start` (start not counted); negative n counts backwards; 0 returns start. */
  addWorkingDays(start: IsoDate, n: number): { date: IsoDate; provisional: boolean } {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number: ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let date = start;
    let provisional = false;
    let examined = 0;
    while (remaining > 0) {
      date = addDays(date, step);
      if (++examined > MAX_DAYS_EXAMINED)
        throw new RangeError(`No ${n} working days within ${MAX_DAYS_EXAMINED} days`);
      const day = this.isWorkingDay(date);
      provisional ||= day.provisional;
      if (day.working) remaining -= 1;
    }
    return { date, provisional };
  }

  /** The n-th working day counting `start` itself as day 1 when it is a working day (e.g. a publicity period). */
  nthWorkingDayFrom(start: IsoDate, n: number): { date: IsoDate; provisional: boolean } {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive whole number: ${n}`);
    const first = this.isWorkingDay(start);
    if (first.working) {
      const rest = this.addWorkingDays(start, n - 1);
      return { date: rest.date, provisional: rest.provisional || first.provisional };
    }
    const rest = this.addWorkingDays(start, n);
    return { date: rest.date, provisional: rest.provisional || first.provisional };
  }

  /** The working days of the inclusive range [from, to]; empty when `to` is before `from`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): { count: number; days: IsoDate[]; provisional: boolean } {
    const days: IsoDate[] = [];
    let provisional = false;
    let examined = 0;
    for (let date = from; date <= to; date = addDays(date, 1)) {
      if (++examined > MAX_DAYS_EXAMINED) throw new RangeError(`Range longer than ${MAX_DAYS_EXAMINED} days`);
      const day = this.isWorkingDay(date);
      provisional ||= day.provisional;
      if (day.working) days.push(date);
    }
    return { count: days.length, days, provisional };
  }
}
