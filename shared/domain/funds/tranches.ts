import { compareDates, daysBetween, type IsoDate } from '#shared/domain/calendar/dates';
import type { Tranche } from '#shared/domain/contracts/contract';

/**
 * Where each tranche of a contract's payment schedule stands (R25.1), from the stored facts — the schedule, what
 * was paid on each tranche, whether payments are blocked — and the day (Asia/Shanghai). One rule for the payments
 * view and the recovery case (issue 18), so that they never disagree:
 * - paid (已付清): everything planned was paid, whether payments were blocked afterwards or not;
 * - blocked (停止拨付): money still owed on the tranche while payments are blocked (after an unqualified result or
 *   a termination); the blocked amount is what was not paid;
 * - late (逾期未付): money still owed after the planned date, not blocked, with the days since;
 * - partly_paid (部分拨付) or planned (待拨付) otherwise.
 */
export type TrancheStatus = 'paid' | 'partly_paid' | 'planned' | 'late' | 'blocked';

export interface TrancheState {
  readonly seq: number;
  readonly plannedOn: IsoDate;
  readonly amountFen: number;
  readonly precondition?: Tranche['precondition'];
  readonly paidFen: number;
  readonly status: TrancheStatus;
  /** Days past the planned date with money still owed (late payments are visible, R25.1). */
  readonly daysLate?: number;
}

/** What was paid on each tranche, summed from the payments (a tranche without any has 0). */
export const paidByTranche = (
  payments: readonly { readonly seq: number; readonly amountFen: number }[],
): ReadonlyMap<number, number> => {
  const paid = new Map<number, number>();
  for (const p of payments) paid.set(p.seq, (paid.get(p.seq) ?? 0) + p.amountFen);
  return paid;
};

export function tranchesOn(
  schedule: readonly Tranche[],
  paid: ReadonlyMap<number, number>,
  blocked: boolean,
  today: IsoDate,
): TrancheState[] {
  return schedule.map((t) => {
    const paidFen = paid.get(t.seq) ?? 0;
    const owed = paidFen < t.amountFen;
    const late = owed && !blocked && compareDates(t.plannedOn, today) < 0;
    return {
      seq: t.seq,
      plannedOn: t.plannedOn,
      amountFen: t.amountFen,
      ...(t.precondition ? { precondition: t.precondition } : {}),
      paidFen,
      status: !owed ? 'paid' : blocked ? 'blocked' : late ? 'late' : paidFen > 0 ? 'partly_paid' : 'planned',
      ...(late ? { daysLate: daysBetween(t.plannedOn, today) } : {}),
    };
  });
}

/** The tranches whose payment is stopped, each with the amount not paid (what the blocked view lists). */
export const blockedTranchesOf = (
  states: readonly TrancheState[],
): { readonly seq: number; readonly amountFen: number }[] =>
  states
    .filter((t) => t.status === 'blocked')
    .map((t) => ({ seq: t.seq, amountFen: t.amountFen - t.paidFen }));
