import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { type Complaint, complaintDeadlines, redateComplaint } from '#shared/domain/complaints/complaint';
import { type PublicityNotice, publicityPeriod, redatePublicity } from '#shared/domain/evaluation/evaluation';
import { type Handover, handoverSchedule, redateHandover } from '#shared/domain/handover/handover';
import {
  type Rectification,
  rectificationDeadline,
  redateRectification,
} from '#shared/domain/rectification/rectification';

/** Before: the package knows nothing of 2027. After: the city entered it, New Year's Day 01-01…01-03 off. */
const unloaded = new WorkingCalendar();
const loaded = new WorkingCalendar(
  new Map([
    [
      2027,
      {
        year: 2027,
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        workdays: [],
        source: 'override' as const,
      },
    ],
  ]),
);
const LIMITS = { acknowledgeWorkingDays: 1, resolveWorkingDays: 15 };

const complaint = (over: Partial<Complaint> = {}): Complaint =>
  ({
    id: 'C1',
    receivedOn: '2026-12-15',
    status: 'received',
    ...complaintDeadlines('2026-12-15', LIMITS, unloaded, 'previous_working_day'),
    version: 1,
    ...over,
  }) as Complaint;

describe('dates computed again from their stored basis once a year is loaded (issue 18)', () => {
  it('records the policy’s rule and the years a complaint’s deadlines depend on', () => {
    const c = complaint();
    expect(c.deadlineBasis).toEqual({ ...LIMITS, rule: 'previous_working_day' });
    expect(c.calendarYears).toEqual([2026, 2027]);
    expect(c).toMatchObject({ resolveBy: '2027-01-05', provisional: true });
  });

  it('moves an open complaint’s resolution deadline and its steps, and changes nothing the second time', () => {
    const c = complaint();
    const moved = redateComplaint(c, loaded);
    expect(moved).toMatchObject({ acknowledgeBy: '2026-12-16', resolveBy: '2027-01-06', provisional: false });
    expect(moved?.steps.map((s) => s.on)).toEqual(['2026-12-17', '2027-01-04', '2027-01-07']);
    expect(redateComplaint({ ...c, ...moved } as Complaint, loaded)).toBeUndefined();
  });

  it('keeps the dates of steps already acted on, and leaves closed or overdue complaints as they were', () => {
    const c = complaint();
    const acted = complaint({
      status: 'acknowledged',
      steps: c.steps.map((s) => (s.id === 'acknowledge-overdue' ? { ...s, done: 'skipped' as const } : s)),
    });
    expect(redateComplaint(acted, loaded)?.steps[0]).toEqual({
      id: 'acknowledge-overdue',
      on: '2026-12-17',
      done: 'skipped',
    });
    expect(redateComplaint(complaint({ status: 'closed' }), loaded)).toBeUndefined();
    const overdue = complaint({ steps: c.steps.map((s) => ({ ...s, done: 'acted' as const })) });
    expect(redateComplaint(overdue, loaded)).toBeUndefined();
    const { deadlineBasis: _b, ...older } = c;
    expect(redateComplaint(older as Complaint, loaded)).toBeUndefined();
  });

  it('moves a handover’s deadline until the archives are received', () => {
    const h = { id: 'H1', exitOn: '2026-12-10', status: 'open', version: 1 } as Handover;
    const open = { ...h, ...handoverSchedule('2026-12-10', 30, unloaded, 'next_working_day') };
    expect(open).toMatchObject({ deadlineOn: '2027-01-21', provisional: true, calendarYears: [2026, 2027] });
    expect(redateHandover(open, loaded)).toMatchObject({ deadlineOn: '2027-01-22', provisional: false });
    expect(redateHandover({ ...open, status: 'received' }, loaded)).toBeUndefined();
  });

  it('moves a rectification item’s deadline until it is verified or found overdue', () => {
    const r = {
      id: 'R1',
      raisedOn: '2026-12-15',
      workingDays: 20,
      status: 'open',
      overdue: false,
      version: 1,
      ...rectificationDeadline('2026-12-15', 20, unloaded, 'next_working_day'),
    } as Rectification;
    expect(r).toMatchObject({
      deadline: '2027-01-12',
      deadlineProvisional: true,
      deadlineRule: 'next_working_day',
    });
    expect(redateRectification(r, loaded)).toMatchObject({
      deadline: '2027-01-13',
      nextActionOn: '2027-01-08',
    });
    expect(redateRectification({ ...r, status: 'verified' }, loaded)).toBeUndefined();
    // Found overdue: the job acted on its overdue step (the deadline that passed stays as it was).
    const found = r.steps.map((s) => (s.id === 'overdue' ? { ...s, done: 'acted' as const } : s));
    expect(redateRectification({ ...r, steps: found, overdue: true }, loaded)).toBeUndefined();
  });

  it('moves an open publicity notice’s closing day, not a closed one', () => {
    const n = {
      id: 'P1',
      publishedOn: '2026-12-28',
      period: publicityPeriod('2026-12-28', 5, unloaded),
      minWorkingDays: 5,
      calendarYears: [2026, 2027],
      status: 'open',
      version: 1,
    } as unknown as PublicityNotice;
    expect(n.period).toMatchObject({ minEndOn: '2027-01-04', closableOn: '2027-01-05', provisional: true });
    const moved = redatePublicity(n, loaded);
    expect(moved?.period).toMatchObject({
      minEndOn: '2027-01-05',
      closableOn: '2027-01-06',
      provisional: false,
    });
    expect(redatePublicity({ ...n, ...moved } as PublicityNotice, loaded)).toBeUndefined();
    expect(redatePublicity({ ...n, status: 'closed' }, loaded)).toBeUndefined();
  });
});
