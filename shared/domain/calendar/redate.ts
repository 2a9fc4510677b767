import { compareDates, type IsoDate, yearOf } from './dates';

/**
 * Issue 18: what every dated item shares when a calendar year is loaded or corrected and its pending dates are
 * computed again from their stored basis (report slots, publicity notices, evaluation-window alerts, complaints,
 * handovers, rectification items).
 */

/** The calendar years from the earliest to the latest of `dates`, each once, in order. */
export function yearsSpanned(...dates: IsoDate[]): number[] {
  if (dates.length === 0) return [];
  const years = dates.map(yearOf);
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** The union of year lists, in order. */
export const unionYears = (...lists: (readonly number[])[]): number[] =>
  [...new Set(lists.flat())].sort((a, b) => a - b);

interface Step {
  readonly id: string;
  readonly on: IsoDate;
  readonly done?: string;
}

/**
 * The steps of an item computed again: a step already acted on or skipped keeps its date (it happened); the others
 * take their recomputed date. A done step the new plan no longer has is kept too.
 */
export function mergeRedatedSteps<S extends Step>(stored: readonly S[], fresh: readonly S[]): S[] {
  const merged = fresh.map((s) => stored.find((old) => old.id === s.id && old.done) ?? s);
  const kept = stored.filter((old) => old.done && !fresh.some((s) => s.id === old.id));
  return [...merged, ...kept];
}

/** The earliest date of a step not yet done. */
export const nextOpenStep = (steps: readonly Step[]): IsoDate | undefined =>
  steps
    .filter((s) => !s.done)
    .map((s) => s.on)
    .sort(compareDates)[0];

/** Whether two step lists have the same steps on the same dates. */
export const sameSteps = (a: readonly Step[], b: readonly Step[]): boolean =>
  a.length === b.length && a.every((s, i) => s.id === b[i]?.id && s.on === b[i]?.on && s.done === b[i]?.done);

export const sameYears = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
