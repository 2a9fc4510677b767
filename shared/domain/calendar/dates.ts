/**
 * Calendar dates as `YYYY-MM-DD` strings. Deadlines are dates in Asia/Shanghai (UTC+8, no daylight saving), so
 * "today" is computed in that zone and date arithmetic is done on the date alone, never on local time.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

const toEpochDay = (date: IsoDate): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const fromEpochDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The calendar date in Asia/Shanghai at instant `now`. */
export const shanghaiDate = (now: Date): IsoDate =>
  new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

export const addDays = (date: IsoDate, days: number): IsoDate => fromEpochDay(toEpochDay(date) + days);

/** Whole days from `a` to `b` (negative when b is before a). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => toEpochDay(b) - toEpochDay(a);

/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (date: IsoDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));

export const compareDates = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);

/** A date as a clerk reads it: 2026年3月1日. */
export const zhDate = (d: IsoDate): string =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
