import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { REGULATION_POLICY } from '#shared/domain/policy/policy';
import {
  applyDueSteps,
  awaitsVersion,
  contractReportPlan,
  decideSteps,
  openSlot,
  partyKey,
  type ReportSlot,
  reviewedSlot,
  slotState,
  submittedSlot,
  withSlotState,
} from '#shared/domain/reports/report-slot';

const calendar = new WorkingCalendar();
const policies = [{ ...REGULATION_POLICY, validFrom: '2021-03-08', validTo: '2099-12-31', createdAt: '' }];
const plan = contractReportPlan(
  {
    id: '01JD0000000000000000000000',
    servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
    districtCode: '370102',
    streetCode: '370102001',
    stationId: '01JD00000000000000000STATN',
    operator: { orgId: 'org-op-a', name: '承接方', kind: 'social_organization' as const },
  },
  policies,
  calendar,
);
const slotOf = (suffix: string): ReportSlot => {
  const found = plan.find((s) => s.id.endsWith(suffix));
  if (!found) throw new Error(`no slot ${suffix}`);
  return openSlot(found, '2026-01-01T00:00:00Z');
};
const at = (day: IsoDate) => `${day}T02:00:00.000Z`;
const review = (slot: ReportSlot, i: number, decision: 'accept' | 'return', day: IsoDate) => ({
  party: partyKey(slot.recipients[i] ?? slot.submitter),
  decision,
  ...(decision === 'return' ? { comment: '请补充服务数据' } : {}),
  by: { sub: `r${i}`, username: `r${i}` },
  at: at(day),
});
const submit = (slot: ReportSlot, day: IsoDate) =>
  submittedSlot(slot, { uploadId: `U${day}`, uploadedAt: at(day), uploadedOn: day }, day, at(day));

// The February brief: due 2026-03-05; remind-5 02-26, remind-2 03-03, overdue 03-06, escalate-2 03-09.
const february = slotOf('M202602');

describe('a report slot’s derived fields (issue 18)', () => {
  it('reads overdue the day after its due date while nothing was submitted, before any job ran', () => {
    expect(february.overdue).toBe(false);
    expect(withSlotState(february, '2026-03-05').overdue).toBe(false);
    expect(withSlotState(february, '2026-03-06').overdue).toBe(true);
  });

  it('is not overdue while a version is in or once accepted, and overdue again when returned past its due date', () => {
    const late = submit(february, '2026-03-07');
    expect([late.overdue, late.onTime]).toEqual([false, false]);
    const returned = reviewedSlot(late, review(late, 0, 'return', '2026-03-10'), '2026-03-10');
    expect(returned.status).toBe('returned');
    expect(returned.overdue).toBe(true);
  });

  it('after a return re-arms the remaining steps from today, never in the past', () => {
    // Submitted on 02-20, before any step; returned on 03-04: remind-5 (02-26) has passed, remind-2 (03-03) is the
    // latest reminder due and is sent today; then the overdue notice on 03-06.
    const inTime = submit(february, '2026-02-20');
    expect(inTime.nextActionOn).toBeUndefined();
    const returned = reviewedSlot(inTime, review(inTime, 1, 'return', '2026-03-04'), '2026-03-04');
    expect(returned.nextActionOn).toBe('2026-03-04');
    const afterJob = applyDueSteps(returned, '2026-03-04', at('2026-03-04'));
    expect(afterJob?.decision.act.map((s) => s.id)).toEqual(['remind-2']);
    expect(afterJob?.after.nextActionOn).toBe('2026-03-06');
    // Returned on 03-20, after every step's day: the pending overdue and escalation steps are acted on today.
    const lateReturn = reviewedSlot(inTime, review(inTime, 0, 'return', '2026-03-20'), '2026-03-20');
    expect(lateReturn.nextActionOn).toBe('2026-03-20');
    expect(withSlotState(lateReturn, '2026-03-25').nextActionOn).toBe('2026-03-25');
  });

  it('names no next action once every step is done or only stale reminders are left', () => {
    const done = {
      ...february,
      steps: february.steps.map((s) => (s.kind === 'remind' ? s : { ...s, done: 'acted' as const })),
    };
    expect(slotState(done, '2026-03-20')).toEqual({ overdue: true });
  });
});

type Op =
  | { readonly kind: 'days'; readonly n: number }
  | { readonly kind: 'job' }
  | { readonly kind: 'submit' }
  | { readonly kind: 'review'; readonly recipient: number; readonly decision: 'accept' | 'return' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 12 }) }),
  fc.constant({ kind: 'job' as const }),
  fc.constant({ kind: 'submit' as const }),
  fc.record({
    kind: fc.constant('review' as const),
    recipient: fc.integer({ min: 0, max: 1 }),
    decision: fc.constantFrom('accept' as const, 'return' as const),
  }),
);

/**
 * Random lives of a slot: days pass, the daily job runs (reading the slot only through its index key, as the real
 * job does), the operator submits, recipients accept or return. After every step the stored slot and its view
 * agree with the one rule, and the job never misses a step it has to act on.
 */
describe('report slot invariants over random sequences (issue 18, fast-check)', () => {
  it('keeps overdue, nextActionOn and the byDue key consistent after every step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...plan.map((p) => p.id.split('-').pop() as string)),
        fc.integer({ min: 0, max: 400 }),
        fc.array(op, { minLength: 1, maxLength: 40 }),
        (suffix, startOffset, ops) => {
          let slot = slotOf(suffix);
          let today = addDays('2026-01-01', startOffset);
          let writtenToday = false;
          const check = () => {
            const view = withSlotState(slot, today);
            // A slot written today stores what its view shows today.
            if (writtenToday) expect(slot).toEqual(view);
            const waits = awaitsVersion(slot);
            // overdue ⇔ the due date has passed and no version is in (nor accepted, nor cancelled).
            expect(view.overdue).toBe(waits && compareDates(slot.dueOn, today) < 0);
            // nextActionOn is today or later, or absent; absent when the slot waits for no version.
            if (view.nextActionOn) expect(compareDates(view.nextActionOn, today)).toBeGreaterThanOrEqual(0);
            if (!waits) {
              expect(view.nextActionOn).toBeUndefined();
              expect(slot.nextActionOn).toBeUndefined();
            }
            // The job finds the slot through its stored key on any day a step has to be acted on.
            if (decideSteps(slot, today).act.length > 0) {
              expect(slot.nextActionOn).toBeDefined();
              expect(compareDates(slot.nextActionOn as IsoDate, today)).toBeLessThanOrEqual(0);
            }
            // What a view shows on a day is what the next write that day stores: the rule is idempotent.
            expect(withSlotState(view, today)).toEqual(view);
            if (slot.status === 'accepted') {
              expect(slot.recipients.every((r) => slot.reviews.some((v) => v.party === partyKey(r)))).toBe(
                true,
              );
            }
          };
          check();
          for (const o of ops) {
            const before = slot;
            if (o.kind === 'days') {
              today = addDays(today, o.n);
              writtenToday = false;
            }
            if (o.kind === 'job' && slot.nextActionOn && compareDates(slot.nextActionOn, today) <= 0) {
              slot = applyDueSteps(slot, today, at(today))?.after ?? slot;
            }
            if (
              o.kind === 'submit' &&
              (awaitsVersion(slot) || (slot.status === 'submitted' && slot.reviews.length === 0))
            ) {
              slot = submit(slot, today);
            }
            if (o.kind === 'review' && slot.status === 'submitted') {
              const r = review(slot, o.recipient, o.decision, today);
              if (!slot.reviews.some((v) => v.party === r.party)) {
                slot = reviewedSlot(slot, r, today);
                if (o.decision === 'return' && slot.nextActionOn) {
                  expect(compareDates(slot.nextActionOn, today)).toBeGreaterThanOrEqual(0);
                }
                expect(slot.version).toBe(before.version + 1);
              }
            }
            if (slot !== before) writtenToday = true;
            check();
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
