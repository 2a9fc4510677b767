import { describe, expect, it } from 'vitest';
import type { DomainError } from '#shared/domain/errors';
import { transitionCase } from '#shared/domain/services/case';
import { checkServiceFacts, hoursOf, serviceHours } from '#shared/domain/services/service-record';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('service hours', () => {
  it('shows hours with one decimal computed from whole minutes, rounded half up', () => {
    expect([0, 3, 5, 6, 9, 60, 90, 100, 440, 1440].map(hoursOf)).toEqual([
      '0.0',
      '0.1',
      '0.1',
      '0.1',
      '0.2',
      '1.0',
      '1.5',
      '1.7',
      '7.3',
      '24.0',
    ]);
  });

  it('counts a record once for the station and once for each of its workers, and a voided one not at all', () => {
    const h = serviceHours(
      [
        { status: 'recorded', kind: 'visit-home', minutes: 60, workerIds: ['a', 'b'], recipientIds: ['r1'] },
        {
          status: 'recorded',
          kind: 'group-session',
          minutes: 45,
          workerIds: ['a'],
          recipientIds: ['r1', 'r2'],
        },
        { status: 'void', kind: 'visit-phone', minutes: 500, workerIds: ['b'], recipientIds: ['r3'] },
      ],
      [{ workerIds: ['a'], minutes: 90 }],
    );
    expect(h).toMatchObject({ minutes: 105, hours: '1.8', records: 2, distinctRecipients: 2 });
    expect(h.byKind).toMatchObject({ 'visit-home': 1, 'group-session': 1, 'visit-phone': 0 });
    expect(h.workers).toEqual([
      {
        workerId: 'a',
        minutes: 105,
        hours: '1.8',
        records: 2,
        supervisionMinutes: 90,
        supervisionHours: '1.5',
      },
      {
        workerId: 'b',
        minutes: 60,
        hours: '1.0',
        records: 1,
        supervisionMinutes: 0,
        supervisionHours: '0.0',
      },
    ]);
    expect(h.supervision).toEqual({ sessions: 1, minutes: 90, hours: '1.5' });
  });
});

describe('the facts of a service record', () => {
  const visit = {
    kind: 'visit-home' as const,
    date: '2026-12-01',
    minutes: 30,
    workerIds: ['w'],
    recipientIds: ['r'],
  };
  const check = (f: object) => () => checkServiceFacts({ ...visit, ...f }, '2026-12-07', '2026-01-01');

  it('accepts today and the contract start, refuses tomorrow and the day before the contract', () => {
    expect(codeOf(check({ date: '2026-12-07' }))).toBeUndefined();
    expect(codeOf(check({ date: '2026-01-01' }))).toBeUndefined();
    expect(codeOf(check({ date: '2026-12-08' }))).toBe('SERVICE_DATE_IN_FUTURE');
    expect(codeOf(check({ date: '2025-12-31' }))).toBe('SERVICE_DATE_BEFORE_CONTRACT');
  });

  it('refuses minutes that are not a whole number from 1 to 1440', () => {
    expect(codeOf(check({ minutes: 1440 }))).toBeUndefined();
    for (const minutes of [0, -5, 1.5, 1441])
      expect(codeOf(check({ minutes }))).toBe('SERVICE_MINUTES_INVALID');
  });

  it("refuses a community activity's headcount below its attendance and a headcount on any other kind", () => {
    const activity = { kind: 'community-activity', recipientIds: ['r1', 'r2'] };
    expect(codeOf(check({ ...activity, headcount: 2 }))).toBeUndefined();
    expect(codeOf(check({ ...activity, headcount: 1 }))).toBe('HEADCOUNT_BELOW_ATTENDANCE');
    expect(codeOf(check({ ...activity }))).toBe('HEADCOUNT_BELOW_ATTENDANCE');
    expect(codeOf(check({ headcount: 5 }))).toBe('HEADCOUNT_NOT_APPLICABLE');
  });

  it('wants a case for a case intervention only, and someone served on a visit', () => {
    expect(codeOf(check({ kind: 'case-intervention' }))).toBe('CASE_LINK_INVALID');
    expect(codeOf(check({ caseId: 'c' }))).toBe('CASE_LINK_INVALID');
    expect(codeOf(check({ kind: 'case-intervention', caseId: 'c' }))).toBeUndefined();
    expect(codeOf(check({ recipientIds: [] }))).toBe('RECIPIENT_REQUIRED');
    expect(codeOf(check({ workerIds: ['w', 'w'] }))).toBe('DUPLICATE_WORKER');
  });
});

describe('the stages of a case', () => {
  it('goes intake → assessment → plan → intervention (again) → closed and refuses a skipped stage in zh-CN', () => {
    expect(transitionCase('intake', 'assessment')).toBe('assessment');
    expect(transitionCase('plan', 'intervention')).toBe('intervention');
    expect(transitionCase('intervention', 'intervention')).toBe('intervention');
    expect(transitionCase('intervention', 'closed')).toBe('closed');
    let error: DomainError | undefined;
    try {
      transitionCase('assessment', 'closed');
    } catch (e) {
      error = e as DomainError;
    }
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', status: 409 });
    expect(error?.message).toBe('该个案当前为「已预估」，不能变为「已结案」。');
  });
});
