import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import type { Tranche } from '#shared/domain/contracts/contract';
import { type RecoveryFacts, recoveryCaseState } from '#shared/domain/funds/recovery';
import { blockedTranchesOf, paidByTranche, tranchesOn } from '#shared/domain/funds/tranches';

const schedule: Tranche[] = [
  { seq: 1, plannedOn: '2026-01-15', amountFen: 20_000_000, precondition: 'contract_signed' },
  { seq: 2, plannedOn: '2026-07-15', amountFen: 20_000_000 },
  { seq: 3, plannedOn: '2027-01-15', amountFen: 10_000_000 },
];

describe('tranches and the recovery case from one rule (issue 18)', () => {
  it('never lists a paid tranche among the blocked ones, and blocks only what was not paid', () => {
    const facts: RecoveryFacts = {
      schedule,
      disbursements: [
        { seq: 1, amountFen: 20_000_000 },
        { seq: 2, amountFen: 5_000_000 },
      ],
      recognisedExpenditureFen: 5_000_000,
      repaidFen: 0,
    };
    expect(recoveryCaseState(facts).blockedTranches).toEqual([
      { seq: 2, amountFen: 15_000_000 },
      { seq: 3, amountFen: 10_000_000 },
    ]);
    const payments = tranchesOn(schedule, paidByTranche(facts.disbursements), true, '2026-12-03');
    expect(payments.map((t) => t.status)).toEqual(['paid', 'blocked', 'blocked']);
  });

  it('reads a case with nothing to recover as settled, its status too', () => {
    // Everything disbursed was spent before termination: nothing to recover, nothing open.
    const state = recoveryCaseState({
      schedule,
      disbursements: [{ seq: 1, amountFen: 20_000_000 }],
      recognisedExpenditureFen: 20_000_000,
      repaidFen: 0,
    });
    expect(state).toMatchObject({ amountFen: 0, outstandingFen: 0, settled: true, status: 'settled' });
  });

  it('settles the case when expenditure recognised later lowers the amount below what was repaid', () => {
    const before = recoveryCaseState({
      schedule,
      disbursements: [{ seq: 1, amountFen: 20_000_000 }],
      recognisedExpenditureFen: 5_000_000,
      repaidFen: 10_000_000,
    });
    expect([before.status, before.settled, before.outstandingFen]).toEqual(['open', false, 5_000_000]);
    const after = recoveryCaseState({
      schedule,
      disbursements: [{ seq: 1, amountFen: 20_000_000 }],
      recognisedExpenditureFen: 12_000_000,
      repaidFen: 10_000_000,
    });
    expect([after.status, after.settled, after.outstandingFen]).toEqual(['settled', true, 0]);
  });
});

type Op =
  | { readonly kind: 'days'; readonly n: number }
  | { readonly kind: 'pay'; readonly seq: number; readonly part: number }
  | { readonly kind: 'block' }
  | { readonly kind: 'unblock' }
  | { readonly kind: 'spend'; readonly amountFen: number; readonly daysAgo: number }
  | { readonly kind: 'repay'; readonly part: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 90 }) }),
  fc.record({
    kind: fc.constant('pay' as const),
    seq: fc.integer({ min: 1, max: 3 }),
    part: fc.double({ min: 0.01, max: 1, noNaN: true }),
  }),
  fc.constant({ kind: 'block' as const }),
  fc.constant({ kind: 'unblock' as const }),
  fc.record({
    kind: fc.constant('spend' as const),
    amountFen: fc.integer({ min: 1, max: 15_000_000 }),
    daysAgo: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({ kind: fc.constant('repay' as const), part: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
);

/**
 * Random lives of a contract's payments: days pass, tranches are paid (never beyond a tranche, never while
 * blocked), payments are blocked by an unqualified result (which opens the recovery case, storing its status and
 * blocked tranches) and unblocked, the operator spends, district finance records repayments (never beyond what is
 * outstanding, never on a settled case). After every step the payments view and the case agree with each other.
 */
describe('payments and recovery invariants over random sequences (issue 18, fast-check)', () => {
  it('keeps tranche statuses, blocked tranches and the case status consistent after every step', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        let today: IsoDate = '2026-01-01';
        const disbursements: { seq: number; amountFen: number }[] = [];
        const ledger: { spentOn: IsoDate; amountFen: number }[] = [];
        let blocked = false;
        let recovery: { terminationOn: IsoDate; repaidFen: number } | undefined;
        const facts = (): RecoveryFacts => ({
          schedule,
          disbursements,
          recognisedExpenditureFen: ledger
            .filter((e) => recovery && compareDates(e.spentOn, recovery.terminationOn) <= 0)
            .reduce((n, e) => n + e.amountFen, 0),
          repaidFen: recovery?.repaidFen ?? 0,
        });
        const check = () => {
          const tranches = tranchesOn(schedule, paidByTranche(disbursements), blocked, today);
          for (const t of tranches) {
            expect(t.paidFen).toBeLessThanOrEqual(t.amountFen);
            // A paid tranche is paid, blocked or not; blocked means payments stopped and money still owed.
            expect(t.status === 'paid').toBe(t.paidFen === t.amountFen);
            expect(t.status === 'blocked').toBe(blocked && t.paidFen < t.amountFen);
            expect(t.daysLate !== undefined).toBe(t.status === 'late');
            if (t.status === 'late') expect(compareDates(t.plannedOn, today)).toBeLessThan(0);
          }
          if (!recovery) return;
          const state = recoveryCaseState(facts());
          expect(state.status === 'open').toBe(!state.settled);
          expect(state.settled).toBe(state.outstandingFen === 0);
          expect(state.outstandingFen).toBe(Math.max(0, state.amountFen - state.repaidFen));
          expect(state.amountFen).toBeLessThanOrEqual(state.disbursedFen);
          // The case's blocked tranches are exactly the payments view's while blocked, each with what is unpaid.
          const paid = new Map(tranches.map((t) => [t.seq, t]));
          for (const b of state.blockedTranches) {
            const t = paid.get(b.seq);
            expect(t && t.paidFen < t.amountFen).toBe(true);
            expect(b.amountFen).toBe((t?.amountFen ?? 0) - (t?.paidFen ?? 0));
          }
          if (blocked) expect(state.blockedTranches).toEqual(blockedTranchesOf(tranches));
          expect(state.blockedTranches.reduce((n, b) => n + b.amountFen, 0) + state.disbursedFen).toBe(
            schedule.reduce((n, t) => n + t.amountFen, 0),
          );
        };
        check();
        for (const o of ops) {
          if (o.kind === 'days') today = addDays(today, o.n);
          if (o.kind === 'pay' && !blocked) {
            const t = schedule.find((s) => s.seq === o.seq) as Tranche;
            const remaining = t.amountFen - (paidByTranche(disbursements).get(t.seq) ?? 0);
            const amountFen = Math.max(1, Math.floor(remaining * o.part));
            if (remaining > 0) disbursements.push({ seq: t.seq, amountFen: Math.min(amountFen, remaining) });
          }
          if (o.kind === 'block' && !recovery) {
            blocked = true;
            recovery = { terminationOn: today, repaidFen: 0 };
          }
          if (o.kind === 'unblock') blocked = false;
          if (o.kind === 'spend')
            ledger.push({ spentOn: addDays(today, -o.daysAgo), amountFen: o.amountFen });
          if (o.kind === 'repay' && recovery) {
            const before = recoveryCaseState(facts());
            if (!before.settled) {
              recovery.repaidFen += Math.max(1, Math.floor(before.outstandingFen * o.part));
              expect(recovery.repaidFen).toBeLessThanOrEqual(before.amountFen);
            }
          }
          check();
        }
      }),
      { numRuns: 500 },
    );
  });
});
