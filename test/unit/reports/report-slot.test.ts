import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/domain/access/roles';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { REGULATION_POLICY } from '#shared/domain/policy/policy';
import {
  annualReportPlan,
  contractReportPlan,
  decideSteps,
  monthsOf,
  openSlot,
  type ReportSlot,
  redateSlot,
  reviewSlot,
  slotActions,
} from '#shared/domain/reports/report-slot';
import { rateHundredths, tally } from '#shared/domain/reports/timeliness';

const calendar = new WorkingCalendar();
/** The regulation's version, stretched over the test dates so no NO_POLICY_IN_FORCE fallback is involved. */
const policies = [{ ...REGULATION_POLICY, validFrom: '2021-03-08', validTo: '2099-12-31', createdAt: '' }];
const contract = (start: string, end: string) => ({
  id: '01JD0000000000000000000000',
  servicePeriod: { start, end },
  districtCode: '370102',
  streetCode: '370102001',
  stationId: '01JD00000000000000000STATN',
  operator: { orgId: 'org-op-a', name: '承接方', kind: 'social_organization' as const },
});
const plan = (start: string, end: string) => contractReportPlan(contract(start, end), policies, calendar);
const slotOf = (id: string, start = '2026-01-01', end = '2026-12-31'): ReportSlot => {
  const found = plan(start, end).find((s) => s.id.endsWith(id));
  if (!found) throw new Error(`no slot ${id}`);
  return openSlot(found, '2026-01-01T00:00:00Z');
};
const step = (slot: ReportSlot, id: string) => slot.steps.find((s) => s.id === id)?.on;

describe('report slots of a contract (R9.3)', () => {
  it('has one monthly brief per month of a calendar-year period, a mid-term and a final report', () => {
    const slots = plan('2026-01-01', '2026-12-31');
    expect(slots.map((s) => s.id.split('-').pop())).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `M2026${String(i + 1).padStart(2, '0')}`),
      'MID',
      'FIN',
    ]);
    expect(slots.every((s) => s.recipients.length === 2)).toBe(true);
  });

  it('counts partial months at both ends of a period that starts mid-month', () => {
    expect(monthsOf({ start: '2026-03-15', end: '2027-03-14' })).toHaveLength(13);
    expect(monthsOf({ start: '2026-03-15', end: '2027-03-14' })[0]).toEqual({
      start: '2026-03-15',
      end: '2026-03-31',
    });
    expect(monthsOf({ start: '2026-12-01', end: '2027-01-31' }).map((m) => m.start)).toEqual([
      '2026-12-01',
      '2027-01-01',
    ]);
  });

  it('makes a monthly brief due on the 5th calendar day of the next month, December into January', () => {
    expect(slotOf('M202602').dueOn).toBe('2026-03-05');
    expect(slotOf('M202612').dueOn).toBe('2027-01-05');
  });

  it('makes the mid-term report due 10 working days after the midpoint, and the final 15 after the end', () => {
    // Midpoint of 2026-01-01..2026-12-31 is 2026-07-02 (Thursday); ten working days later is 2026-07-16.
    expect(slotOf('MID').dueOn).toBe('2026-07-16');
    expect(slotOf('MID').dueProvisional).toBe(false);
  });

  it('marks a due date computed over a year without an official holiday calendar as provisional (B5)', () => {
    const final = slotOf('FIN');
    expect(final.dueProvisional).toBe(true);
    expect(final.dueOn > '2027-01-15').toBe(true);
  });

  it('moves a brief due on 2026-10-05, inside the 10-01..10-07 break, to the next working day 10-08 (issue 18)', () => {
    const september = slotOf('M202609');
    expect(september.dueOn).toBe('2026-10-08');
    expect(september.dueBasis).toEqual({ from: '2026-10-05', rule: 'next_working_day' });
    expect(step(september, 'remind-2')).toBe('2026-09-29');
    expect(step(september, 'overdue')).toBe('2026-10-09');
    // 10-09 and the adjusted Saturday 10-10 are the first two working days after the due date.
    expect(step(september, 'escalate-2')).toBe('2026-10-10');
    expect(september.nextActionOn).toBe(step(september, 'remind-5'));
  });

  it('keeps the 5th when the policy version in force says a non-working due date stays unchanged (R30.1)', () => {
    const unchanged = [
      {
        ...policies[0],
        parameters: {
          ...REGULATION_POLICY.parameters,
          deadlines: { nonWorkingDueDate: 'unchanged' as const },
        },
      },
    ] as typeof policies;
    const september = contractReportPlan(contract('2026-01-01', '2026-12-31'), unchanged, calendar).find(
      (s) => s.id.endsWith('M202609'),
    );
    expect(september?.dueOn).toBe('2026-10-05');
  });

  it('never schedules a reminder on a non-working day, even for a due date in a year without a calendar', () => {
    const slots = plan('2026-01-01', '2027-12-31');
    const reminders = slots.flatMap((s) => s.steps.filter((x) => x.kind === 'remind'));
    const withoutCalendar = slots.flatMap((s) => s.steps).filter((x) => x.on >= '2027-01-01');
    expect(reminders.every((r) => calendar.isWorkingDay(r.on).working)).toBe(true);
    expect(withoutCalendar.length).toBeGreaterThan(0);
    expect(slots.filter((s) => s.dueOn >= '2027-01-01').every((s) => s.dueProvisional)).toBe(true);
    expect(slotOf('M202612').calendarYears).toEqual([2026, 2027]);
  });
});

describe('dates computed again when a calendar year is loaded (issue 18)', () => {
  const loaded2027 = new WorkingCalendar(
    new Map([
      [
        2027,
        {
          year: 2027,
          holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
          workdays: [],
          source: 'override',
        },
      ],
    ]),
  );

  it('moves the December brief reminder off New Year’s Day 2027 and drops the provisional mark', () => {
    const december = slotOf('M202612');
    expect(step(december, 'remind-2')).toBe('2027-01-01');
    expect(december.dueProvisional).toBe(true);

    const redated = redateSlot(december, loaded2027);

    expect(redated?.dueOn).toBe('2027-01-05');
    expect(redated?.steps.find((s) => s.id === 'remind-2')?.on).toBe('2026-12-31');
    expect(redated?.dueProvisional).toBe(false);
  });

  it('changes nothing the second time, and leaves steps already done where they were', () => {
    const december = slotOf('M202612');
    const once = { ...december, ...redateSlot(december, loaded2027) };
    expect(redateSlot(once, loaded2027)).toBeUndefined();

    const reminded = {
      ...december,
      steps: december.steps.map((s) =>
        s.id === 'remind-5' ? { ...s, on: '2026-12-28', done: 'acted' as const } : s,
      ),
    };
    expect(redateSlot(reminded, loaded2027)?.steps.find((s) => s.id === 'remind-5')).toMatchObject({
      id: 'remind-5',
      on: '2026-12-28',
      kind: 'remind',
      done: 'acted',
    });
  });

  it('leaves a slot alone once it was submitted or marked overdue', () => {
    const december = slotOf('M202612');
    expect(redateSlot({ ...december, status: 'submitted', firstSubmittedOn: '2027-01-04' }, loaded2027)).toBe(
      undefined,
    );
    const overdue = {
      ...december,
      steps: december.steps.map((s) => (s.kind === 'overdue' ? { ...s, done: 'acted' as const } : s)),
    };
    expect(redateSlot(overdue, loaded2027)).toBeUndefined();
  });
});

describe('annual district report (R20.1)', () => {
  it('is due on 30 November with reminders 10, 5 and 2 working days before and escalation from 1 December', () => {
    const slot = annualReportPlan({ code: '370102', name: '历下区' }, 2026, policies, calendar);
    expect(slot.id).toBe('ANNUAL-370102-2026');
    expect(slot.dueOn).toBe('2026-11-30');
    expect(slot.steps.map((s) => [s.id, s.on])).toEqual([
      ['remind-10', '2026-11-16'],
      ['remind-5', '2026-11-23'],
      ['remind-2', '2026-11-26'],
      ['overdue', '2026-12-01'],
    ]);
    expect(slot.recipients).toEqual([{ role: 'city_civil_affairs' }]);
  });

  it('falls due on the last working day of November when the 30th is a Sunday: 11月底前 wins (第二十条)', () => {
    const slot = annualReportPlan({ code: '370102', name: '历下区' }, 2025, policies, calendar);
    expect(slot.dueOn).toBe('2025-11-28');
  });
});

describe('deadline steps (B1)', () => {
  const february = slotOf('M202602'); // due 2026-03-05: remind-5 02-26, remind-2 03-03, overdue 03-06, escalate-2 03-09

  it('sends only the latest of several missed reminders', () => {
    const d = decideSteps(february, '2026-03-04');
    expect(d.act.map((s) => s.id)).toEqual(['remind-2']);
    expect(d.skip.map((s) => s.id)).toEqual(['remind-5']);
  });

  it('sends no reminder once the due date has passed, but marks overdue and escalates', () => {
    const d = decideSteps(february, '2026-03-09');
    expect(d.act.map((s) => s.id)).toEqual(['overdue', 'escalate-2']);
    expect(d.skip.map((s) => s.id)).toEqual(['remind-5', 'remind-2']);
  });

  it('does nothing before the first step, and drops every step once the report is in', () => {
    expect(decideSteps(february, '2026-02-25')).toEqual({ act: [], skip: [] });
    const submitted = { ...february, status: 'submitted' as const };
    expect(decideSteps(submitted, '2026-03-09').act).toEqual([]);
    expect(decideSteps(submitted, '2026-03-09').skip).toHaveLength(4);
  });
});

describe('review by the recipients (R9.3)', () => {
  const submitted: ReportSlot = { ...slotOf('M202603'), status: 'submitted', currentUploadId: 'U1' };
  const by = { sub: 's', username: 'u' };
  const at = '2026-04-06T00:00:00Z';

  it('is accepted only when both the district and the street office accept', () => {
    const first = reviewSlot(submitted, {
      party: 'district_civil_affairs:370102',
      decision: 'accept',
      by,
      at,
    });
    expect(first.status).toBe('submitted');
    const second = reviewSlot(
      { ...submitted, ...first },
      { party: 'street_office:370102001', decision: 'accept', by, at },
    );
    expect(second.status).toBe('accepted');
  });

  it('goes back to the operator when either recipient returns it, and refuses a second review by the same party', () => {
    const returned = reviewSlot(submitted, {
      party: 'street_office:370102001',
      decision: 'return',
      comment: '缺少活动照片',
      by,
      at,
    });
    expect(returned.status).toBe('returned');
    expect(() =>
      reviewSlot(
        { ...submitted, reviews: returned.reviews },
        { party: 'street_office:370102001', decision: 'accept', by, at },
      ),
    ).toThrow(expect.objectContaining({ code: 'REPORT_ALREADY_REVIEWED' }));
  });
});

describe('what a reader may do with a slot, as the portal offers it (R9.3, R9.4)', () => {
  const operator: Principal = { sub: 'o', username: 'op.a', roles: ['operator'], org: 'org-op-a' };
  const other: Principal = { sub: 'b', username: 'op.b', roles: ['operator'], org: 'org-op-b' };
  const district: Principal = {
    sub: 'd',
    username: 'lixia.mz',
    roles: ['district_civil_affairs'],
    district: '370102',
  };
  const street: Principal = {
    sub: 's',
    username: 'jiefanglu.jd',
    roles: ['street_office'],
    street: '370102001',
  };
  const march = slotOf('M202603');
  const submitted: ReportSlot = { ...march, status: 'submitted', currentUploadId: 'U1' };
  const byDistrict = {
    ...submitted,
    ...reviewSlot(submitted, {
      party: 'district_civil_affairs:370102',
      decision: 'accept',
      by: { sub: 'd', username: 'lixia.mz' },
      at: '2026-04-06T00:00:00Z',
    }),
  };

  it('offers upload to the submitter alone, and only once the period has begun', () => {
    expect(slotActions(march, operator, '2026-03-01')).toEqual(['upload']);
    expect(slotActions(march, operator, '2026-02-28')).toEqual([]);
    expect(slotActions(march, other, '2026-04-01')).toEqual([]);
    expect(slotActions(march, district, '2026-04-01')).toEqual([]);
  });

  it('offers review to each recipient until it has reviewed, and a new upload only before any review', () => {
    expect(slotActions(submitted, district, '2026-04-03')).toEqual(['review']);
    expect(slotActions(submitted, street, '2026-04-03')).toEqual(['review']);
    expect(slotActions(submitted, operator, '2026-04-03')).toEqual(['upload']);
    expect(slotActions(byDistrict, district, '2026-04-06')).toEqual([]);
    expect(slotActions(byDistrict, street, '2026-04-06')).toEqual(['review']);
    expect(slotActions(byDistrict, operator, '2026-04-06')).toEqual([]);
    expect(slotActions({ ...march, status: 'cancelled' }, operator, '2026-04-06')).toEqual([]);
  });
});

describe('timeliness rates (B3)', () => {
  it('rounds half up in hundredths of a percent with integer arithmetic', () => {
    expect(rateHundredths(2, 3)).toBe(6667);
    expect(rateHundredths(1, 3)).toBe(3333);
    expect(rateHundredths(1, 6)).toBe(1667);
    expect(rateHundredths(1, 8)).toBe(1250);
    expect(rateHundredths(0, 0)).toBeNull();
  });

  it('counts on time, late and missing reports', () => {
    const t = tally([
      { firstSubmittedOn: '2026-03-05', onTime: true },
      { firstSubmittedOn: '2026-03-06', onTime: false },
      {},
    ]);
    expect(t).toEqual({
      due: 3,
      onTime: 1,
      late: 1,
      missing: 1,
      onTimeRateHundredths: 3333,
      submittedRateHundredths: 6667,
    });
  });
});
