import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import {
  type Complaint,
  complaintDeadlines,
  complaintState,
  decideComplaintSteps,
  withComplaintState,
} from '#shared/domain/complaints/complaint';
import {
  decideHandoverSteps,
  type Handover,
  handoverPending,
  handoverSchedule,
  handoverState,
  standardItems,
  withHandoverState,
} from '#shared/domain/handover/handover';
import {
  decideRectificationSteps,
  type Rectification,
  rectificationDeadline,
  rectificationState,
  withEvidence,
  withRectificationState,
  withVerification,
} from '#shared/domain/rectification/rectification';

/**
 * Issue 18, item 4, for complaints, handovers and rectification items as for report slots: each kind's derived
 * fields (overdue, nextActionOn) come from one pure function of its stored facts and today, used by every write and
 * every view. Random lives of each: days pass, the daily job runs (reading the item only through its stored byDue
 * key, as the real job does), the people concerned act. After every step: nextActionOn is never before today while
 * the item is open, overdue holds exactly when it is open and past a deadline, a closed item has no next action, a
 * view of an item written today is what was stored, and the job finds the item on any day it has to act.
 */
const calendar = new WorkingCalendar();
const at = (day: IsoDate) => `${day}T02:00:00.000Z`;
const by = { sub: 's', username: 'u' };

/** Acts on a stored item only when its byDue key says so, as the job does; marks the decided steps done. */
const mark = <S extends { id: string; done?: string }>(steps: readonly S[], decisions: Map<string, string>) =>
  steps.map((s) => (decisions.has(s.id) ? { ...s, done: decisions.get(s.id) } : s)) as S[];

const dayOp = fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 9 }) });
const jobOp = fc.constant({ kind: 'job' as const });
const actOp = fc.record({ kind: fc.constant('act' as const), choice: fc.boolean() });
const ops = fc.array(fc.oneof(dayOp, jobOp, actOp, dayOp), { minLength: 1, maxLength: 40 });
const start = fc.integer({ min: 0, max: 330 }).map((n) => addDays('2026-01-01', n));

interface Life<T> {
  readonly open: (item: T) => boolean;
  readonly state: (item: T, today: IsoDate) => { overdue: boolean; nextActionOn?: IsoDate };
  readonly overdue: (item: T, today: IsoDate) => boolean;
  readonly decide: (item: T, today: IsoDate) => Map<string, string>;
  readonly job: (item: T, decisions: Map<string, string>, today: IsoDate) => T;
  /** A person's act on `today` (undefined when none applies now). */
  readonly act: (item: T, choice: boolean, today: IsoDate) => T | undefined;
}

function live<T extends { nextActionOn?: IsoDate; overdue?: boolean }>(
  life: Life<T>,
  first: T,
  today0: IsoDate,
  steps: readonly ({ kind: 'days'; n: number } | { kind: 'job' } | { kind: 'act'; choice: boolean })[],
) {
  let item = first;
  let today = today0;
  let writtenToday = true;
  const check = () => {
    const view = { ...item, ...life.state(item, today) } as T;
    const shown = life.state(item, today);
    if (writtenToday) {
      expect(item.overdue ?? false).toBe(shown.overdue);
      expect(item.nextActionOn).toBe(shown.nextActionOn);
    }
    // overdue ⇔ open and past a deadline it had to meet.
    expect(shown.overdue).toBe(life.open(item) && life.overdue(item, today));
    // Never a next action in the past; none once closed.
    if (shown.nextActionOn) expect(compareDates(shown.nextActionOn, today)).toBeGreaterThanOrEqual(0);
    if (!life.open(item)) expect(shown.nextActionOn).toBeUndefined();
    // The job, reading by its stored key, finds the item on any day a step has to be acted on.
    if ([...life.decide(item, today).values()].includes('acted')) {
      expect(item.nextActionOn).toBeDefined();
      expect(compareDates(item.nextActionOn as IsoDate, today)).toBeLessThanOrEqual(0);
    }
    // The rule is idempotent: what a view shows on a day is what a write that day stores.
    expect(life.state(view, today)).toEqual(shown);
  };
  check();
  for (const o of steps) {
    const before = item;
    if (o.kind === 'days') {
      today = addDays(today, o.n);
      writtenToday = false;
    } else if (o.kind === 'job') {
      if (item.nextActionOn && compareDates(item.nextActionOn, today) <= 0) {
        const decisions = life.decide(item, today);
        if (decisions.size > 0) item = life.job(item, decisions, today);
      }
    } else item = life.act(item, o.choice, today) ?? item;
    if (item !== before) writtenToday = true;
    check();
  }
}

const complaintOn = (receivedOn: IsoDate): Complaint =>
  withComplaintState(
    {
      id: '01JDCOMPLAINT0000000000001',
      stationId: '01JDSTATN00000000000000001',
      stationName: '历下区解放路街道社会工作服务站',
      districtCode: '370102',
      streetCode: '370102001',
      content: '服务时间未按公示开放',
      trackingHash: 'x',
      receivedAt: at(receivedOn),
      receivedOn,
      ...complaintDeadlines(receivedOn, { acknowledgeWorkingDays: 1, resolveWorkingDays: 15 }, calendar),
      status: 'received',
      statements: [],
      version: 1,
    },
    receivedOn,
  );

const complaintLife: Life<Complaint> = {
  open: (c) => c.status !== 'closed',
  state: complaintState,
  overdue: (c, today) =>
    (c.status === 'received' && compareDates(today, c.acknowledgeBy) > 0) ||
    compareDates(today, c.resolveBy) > 0,
  decide: decideComplaintSteps,
  job: (c, d, today) => withComplaintState({ ...c, steps: mark(c.steps, d), version: c.version + 1 }, today),
  act: (c, _choice, today) =>
    c.status === 'received'
      ? withComplaintState(
          { ...c, status: 'acknowledged', acknowledgedAt: at(today), version: c.version + 1 },
          today,
        )
      : c.status === 'acknowledged'
        ? withComplaintState(
            {
              ...c,
              status: 'closed',
              reply: '已核实整改',
              upheld: true,
              closedAt: at(today),
              version: c.version + 1,
            },
            today,
          )
        : undefined,
};

const handoverOn = (exitOn: IsoDate): Handover =>
  withHandoverState(
    {
      id: '01JDHANDOVER00000000000001',
      contractId: '01JDCONTRACT00000000000001',
      contractNumber: 'LX-2026-001',
      stationId: '01JDSTATN00000000000000001',
      districtCode: '370102',
      streetCode: '370102001',
      exitingOrg: 'org-op-a',
      exitOn,
      reason: '合同期满',
      ...handoverSchedule(exitOn, 30, calendar),
      items: standardItems(),
      signatures: {},
      status: 'open',
      version: 1,
      createdAt: at(exitOn),
    },
    exitOn,
  );

const NEXT: Record<Handover['status'], Handover['status'] | undefined> = {
  open: 'signed',
  signed: 'received',
  received: 'transferred',
  transferred: undefined,
};
const handoverLife: Life<Handover> = {
  open: handoverPending,
  state: handoverState,
  overdue: (h, today) => compareDates(today, h.deadlineOn) > 0,
  decide: decideHandoverSteps,
  job: (h, d, today) => withHandoverState({ ...h, steps: mark(h.steps, d), version: h.version + 1 }, today),
  act: (h, choice, today) => {
    const to = NEXT[h.status];
    return to && choice ? withHandoverState({ ...h, status: to, version: h.version + 1 }, today) : undefined;
  },
};

const rectificationOn = (raisedOn: IsoDate, workingDays: number): Rectification =>
  withRectificationState(
    {
      id: '01JDRECT000000000000000001',
      source: { type: 'safety_check', id: '01JDCHECK00000000000000001' },
      districtCode: '370102',
      streetCode: '370102001',
      subjectName: '历下区解放路街道社会工作服务站',
      finding: '灭火器过期',
      requirement: '更换灭火器',
      owner: { role: 'operator', org: 'org-op-a' },
      raisedBy: { role: 'street_office', street: '370102001' },
      raisedOn,
      workingDays,
      ...rectificationDeadline(raisedOn, workingDays, calendar),
      status: 'open',
      overdue: false,
      evidence: [],
      rejections: [],
      version: 1,
      createdAt: at(raisedOn),
      createdBy: by,
      updatedAt: at(raisedOn),
    },
    raisedOn,
  );

const rectificationLife: Life<Rectification> = {
  open: (r) => r.status === 'open',
  state: rectificationState,
  overdue: (r, today) => compareDates(today, r.deadline) > 0,
  decide: decideRectificationSteps,
  job: (r, d, today) =>
    withRectificationState({ ...r, steps: mark(r.steps, d), version: r.version + 1 }, today),
  act: (r, accepted, today) =>
    r.status === 'open'
      ? withRectificationState(
          {
            ...withEvidence(r, { note: '已更换', submittedAt: at(today), submittedBy: by }),
            version: r.version + 1,
          },
          today,
        )
      : r.status === 'submitted'
        ? withRectificationState(
            {
              ...withVerification(r, {
                accepted,
                comment: accepted ? '合格' : '照片不清晰',
                at: at(today),
                by,
              }),
              version: r.version + 1,
            },
            today,
          )
        : undefined,
};

describe('derived states of complaints, handovers and rectification items (issue 18)', () => {
  it('reads an unacknowledged complaint overdue the day after its acknowledgement deadline, before any job ran', () => {
    // Received Friday 2026-11-20: to be acknowledged by Monday 11-23, resolved by 12-11.
    const c = complaintOn('2026-11-20');
    expect([c.acknowledgeBy, c.resolveBy, c.nextActionOn]).toEqual([
      '2026-11-23',
      '2026-12-11',
      '2026-11-24',
    ]);
    expect(complaintState(c, '2026-11-23')).toEqual({ overdue: false, nextActionOn: '2026-11-24' });
    // 11-30: no job has run; the acknowledgement step is still due, so the next action is today, not 11-24.
    expect(complaintState(c, '2026-11-30')).toEqual({ overdue: true, nextActionOn: '2026-11-30' });
    // Acknowledged late: no longer overdue until the resolution deadline; next, the reminder before it.
    const ack = withComplaintState({ ...c, status: 'acknowledged' }, '2026-11-30');
    expect(ack).toMatchObject({ overdue: false, nextActionOn: '2026-12-09' });
    const closed = withComplaintState({ ...ack, status: 'closed' }, '2026-12-20');
    expect(closed.overdue).toBe(false);
    expect(closed.nextActionOn).toBeUndefined();
  });

  it('reads a handover past its deadline overdue, its next action today, and done once the archives are received', () => {
    const h = handoverOn('2026-09-29');
    expect([h.deadlineOn, h.nextActionOn]).toEqual(['2026-11-16', '2026-11-09']);
    expect(handoverState(h, '2026-11-25')).toEqual({ overdue: true, nextActionOn: '2026-11-25' });
    expect(handoverState({ ...h, status: 'received' }, '2026-11-25')).toEqual({ overdue: false });
  });

  it('reads a rejected rectification item past its deadline overdue with its overdue notice due today', () => {
    const r = rectificationOn('2026-09-28', 20);
    const submitted = withRectificationState(
      withEvidence(r, { note: '已更换', submittedAt: at('2026-10-20'), submittedBy: by }),
      '2026-10-20',
    );
    expect(submitted).toMatchObject({ status: 'submitted', overdue: false });
    expect(submitted.nextActionOn).toBeUndefined();
    const rejected = withRectificationState(
      withVerification(submitted, { accepted: false, comment: '照片不清晰', at: at('2026-12-01'), by }),
      '2026-12-01',
    );
    expect(compareDates(rejected.deadline, '2026-12-01')).toBeLessThan(0);
    expect(rejected).toMatchObject({ status: 'open', overdue: true, nextActionOn: '2026-12-01' });
  });

  it('keeps a complaint’s overdue and nextActionOn consistent over random lives (fast-check)', () => {
    fc.assert(
      fc.property(start, ops, (day, steps) => live(complaintLife, complaintOn(day), day, steps)),
      { numRuns: 300 },
    );
  });

  it('keeps a handover’s overdue and nextActionOn consistent over random lives (fast-check)', () => {
    fc.assert(
      fc.property(
        start,
        fc.array(fc.oneof(dayOp, dayOp, dayOp, jobOp, actOp), { minLength: 1, maxLength: 40 }),
        (day, steps) => live(handoverLife, handoverOn(day), day, steps),
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a rectification item’s overdue and nextActionOn consistent over random lives (fast-check)', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 30 }), ops, (day, workingDays, steps) =>
        live(rectificationLife, rectificationOn(day, workingDays), day, steps),
      ),
      { numRuns: 300 },
    );
  });
});
