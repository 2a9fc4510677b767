import { compareDates, type IsoDate } from './dates';

/**
 * Issue 18, item 4: what a dated item shows on a day, derived from its stored facts and that day (Asia/Shanghai)
 * by one pure function per kind (report slots: `slotState`; complaints: `complaintState`; handovers:
 * `handoverState`; rectification items: `rectificationState`), used for what a write stores and for what every
 * view shows, so that the two never disagree and a next action never lies in the past.
 */
export interface DeadlineState {
  /** 逾期: the item is still open and a deadline it had to meet has passed. */
  readonly overdue: boolean;
  /** The day the deadline job next does something for the item; never before `today`; absent once none will. */
  readonly nextActionOn?: IsoDate;
}

interface Step {
  readonly on: IsoDate;
  readonly done?: string;
}

/**
 * The first day from `today` on which the deadline job acts on one of the steps (`acts(day)`): today when a pending
 * step is due and would be acted on, otherwise the first later day of a pending step on which one would be.
 */
export function nextActingDay(
  steps: readonly Step[],
  today: IsoDate,
  acts: (day: IsoDate) => boolean,
): IsoDate | undefined {
  if (acts(today)) return today;
  const later = [
    ...new Set(steps.filter((s) => !s.done && compareDates(s.on, today) > 0).map((s) => s.on)),
  ].sort(compareDates);
  return later.find(acts);
}

/** `item` with `state` in place of its stored derived fields (no `nextActionOn` key when there is none). */
export function withDeadlineState<T extends { readonly nextActionOn?: IsoDate }>(
  item: T,
  state: DeadlineState,
): T & { readonly overdue: boolean } {
  const { nextActionOn: _n, ...rest } = item;
  return {
    ...(rest as T),
    overdue: state.overdue,
    ...(state.nextActionOn ? { nextActionOn: state.nextActionOn } : {}),
  };
}
