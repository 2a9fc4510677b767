import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/domain/calendar/dates';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError } from '#shared/domain/errors';
import {
  assertScoresOpen,
  checkPlannedDates,
  EVALUATION_STATUSES,
  type Evaluation,
  type EvaluationStatus,
  evaluationWindow,
  isClosable,
  type Objection,
  type PublicityNotice,
  type PublicityPeriod,
  publicityPeriod,
  reopenEvaluation,
  scoreChangeReason,
  supersedeObjection,
  transitionEvaluation,
} from '#shared/domain/evaluation/evaluation';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('transitionEvaluation (R16.1–R18.1)', () => {
  it.each<[EvaluationStatus, EvaluationStatus]>([
    ['commissioned', 'scoring'],
    ['scoring', 'scored'],
    ['scored', 'confirmed'],
    ['confirmed', 'in_publicity'],
    ['in_publicity', 'final'],
  ])('moves an evaluation from %s to %s', (from, to) => {
    expect(transitionEvaluation(from, to)).toBe(to);
  });

  it('sends a published evaluation back to scoring when an objection is upheld', () => {
    expect(transitionEvaluation('in_publicity', 'scoring')).toBe('scoring');
  });

  it('sends a confirmed evaluation back to scoring on a re-evaluation', () => {
    expect(transitionEvaluation('confirmed', 'scoring')).toBe('scoring');
  });

  it.each<[EvaluationStatus, EvaluationStatus]>([
    ['commissioned', 'confirmed'],
    ['scored', 'final'],
    ['confirmed', 'final'],
    ...EVALUATION_STATUSES.map((to): [EvaluationStatus, EvaluationStatus] => ['final', to]),
  ])('refuses to move an evaluation from %s to %s with INVALID_TRANSITION', (from, to) => {
    expect(refusal(() => transitionEvaluation(from, to))).toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
      extras: { rule: 'R18.1' },
    });
  });
});

/** A confirmed evaluation of 62.0000 合格, at version 7. */
const confirmed: Evaluation = {
  id: '01KEVAL00000000000000000000',
  contractId: '01KCONTRACT0000000000000000',
  stationId: '01KSTATION00000000000000000',
  districtCode: '370102',
  streetCode: '370102001',
  operatorOrg: 'org-op-a',
  serviceYear: { n: 1, start: '2026-01-01', end: '2026-12-31' },
  window: { opensOn: '2026-12-01', closesOn: '2026-12-31' },
  evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
  planned: { start: '2026-12-01', end: '2026-12-20' },
  templateId: 'template-v1',
  policyId: 'policy-v1',
  reportSlotId: 'EVAL-01KEVAL00000000000000000000',
  scores: { thirdParty: { indicators: {}, total: 6200 }, district: 6200, street: 6200 },
  result: {
    totalTenThousandths: 620000,
    total: '62.0000',
    grade: 'qualified',
    weights: { thirdParty: 60, district: 30, street: 10 },
  },
  status: 'confirmed',
  confirmedAt: '2026-11-25T02:00:00.000Z',
  rounds: 0,
  version: 7,
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-25T02:00:00.000Z',
};
const REOPEN = { reason: '第三方指标得分录入有误', by: 'lixia.mz', at: '2026-11-26T02:00:00.000Z' };

describe('locked scores and re-evaluation (R18.1)', () => {
  it.each<EvaluationStatus>(['commissioned', 'scoring', 'scored'])(
    'leaves scores open while %s',
    (status) => {
      expect(() => assertScoresOpen({ status })).not.toThrow();
    },
  );

  it.each<EvaluationStatus>(['confirmed', 'in_publicity'])(
    'locks scores once %s, pointing to a re-evaluation',
    (status) => {
      const error = refusal(() => assertScoresOpen({ status }));
      expect(error).toMatchObject({ code: 'EVALUATION_SCORES_LOCKED', status: 409 });
      expect(error.message).toContain('重新评估');
    },
  );

  it('locks the scores of a final result for good', () => {
    const error = refusal(() => assertScoresOpen({ status: 'final' }));
    expect(error).toMatchObject({ code: 'EVALUATION_SCORES_LOCKED', status: 409 });
    expect(error.message).toContain('另行委托评估');
  });

  it('asks for a reason to change a score once a grade exists, naming the field', () => {
    expect(refusal(() => scoreChangeReason(confirmed, true, '  '))).toMatchObject({
      code: 'SCORE_CHANGE_REASON_REQUIRED',
      status: 422,
      extras: { errors: [{ path: 'body.reason', message: '请填写修改分数的理由' }] },
    });
    expect(scoreChangeReason(confirmed, true, ' 录入错误 ')).toBe('录入错误');
  });

  it('needs no reason before a grade exists, or for the same score given again', () => {
    expect(scoreChangeReason({}, true, undefined)).toBeUndefined();
    expect(scoreChangeReason(confirmed, false, undefined)).toBeUndefined();
  });

  it('returns a confirmed evaluation to scoring with the confirmed result kept in history', () => {
    const published = { ...confirmed, status: 'in_publicity' as const, publicityId: 'N1', rounds: 1 };
    const after = reopenEvaluation(published, REOPEN);
    expect(after).toMatchObject({ status: 'scoring', version: 8, rounds: 1, scores: confirmed.scores });
    expect(after).not.toHaveProperty('confirmedAt');
    expect(after).not.toHaveProperty('publicityId');
    expect(after.history).toEqual([
      {
        scores: confirmed.scores,
        result: confirmed.result,
        confirmedAt: confirmed.confirmedAt,
        publicityId: 'N1',
        reopenedAt: REOPEN.at,
        reopenedBy: 'lixia.mz',
        reason: REOPEN.reason,
      },
    ]);
    expect(reopenEvaluation({ ...after, status: 'confirmed' }, REOPEN).history).toHaveLength(2);
  });

  it.each<[EvaluationStatus, string]>([
    ['scored', 'EVALUATION_NOT_CONFIRMED'],
    ['scoring', 'EVALUATION_NOT_CONFIRMED'],
    ['final', 'EVALUATION_FINAL'],
  ])('refuses to re-evaluate an evaluation %s with %s', (status, code) => {
    expect(refusal(() => reopenEvaluation({ ...confirmed, status }, REOPEN))).toMatchObject({
      code,
      status: 409,
    });
  });

  it('answers an objection still open with the re-evaluation and its reason', () => {
    const open: Objection = {
      id: 'O1',
      publicityId: 'N1',
      evaluationId: confirmed.id,
      districtCode: '370102',
      content: '评分偏高',
      lodgedAt: '2026-11-25T03:00:00.000Z',
      status: 'open',
      version: 1,
    };
    expect(supersedeObjection(open, REOPEN)).toMatchObject({
      status: 'superseded',
      version: 2,
      decision: { by: 'lixia.mz', at: REOPEN.at, opinion: expect.stringContaining(REOPEN.reason) },
    });
  });
});

describe('evaluationWindow (R16.1)', () => {
  it('opens on 1 December for a calendar service year, one month before its end, and closes with it', () => {
    expect(evaluationWindow({ start: '2026-01-01', end: '2026-12-31' }, 1)).toEqual({
      opensOn: '2026-12-01',
      closesOn: '2026-12-31',
    });
  });

  it('opens on 15 February for a service year ending 14 March', () => {
    expect(evaluationWindow({ start: '2026-03-15', end: '2027-03-14' }, 1)).toEqual({
      opensOn: '2027-02-15',
      closesOn: '2027-03-14',
    });
  });

  it('clips to 28 February when the month before has no such day (year ending 30 March 2027)', () => {
    // The day after the year is 2027-03-31; a month earlier would be "02-31", which February 2027 lacks.
    expect(evaluationWindow({ start: '2026-03-31', end: '2027-03-30' }, 1)).toEqual({
      opensOn: '2027-02-28',
      closesOn: '2027-03-30',
    });
  });

  it('opens on 1 November when the policy says two months', () => {
    expect(evaluationWindow({ start: '2026-01-01', end: '2026-12-31' }, 2).opensOn).toBe('2026-11-01');
  });

  it('opens no earlier than the service year itself', () => {
    expect(evaluationWindow({ start: '2026-12-15', end: '2026-12-31' }, 1).opensOn).toBe('2026-12-15');
  });
});

describe('checkPlannedDates (R16.1)', () => {
  const window = { opensOn: '2026-12-01', closesOn: '2026-12-31' };

  it('accepts dates inside the window, including its first and last day', () => {
    expect(() =>
      checkPlannedDates({ start: '2026-12-01', end: '2026-12-31' }, window, undefined),
    ).not.toThrow();
  });

  it('refuses dates outside the window without a reason', () => {
    const error = refusal(() =>
      checkPlannedDates({ start: '2026-11-20', end: '2026-12-10' }, window, undefined),
    );

    expect(error).toMatchObject({ code: 'OUTSIDE_EVALUATION_WINDOW', extras: { rule: 'R16.1' } });
    expect(error.extras.errors?.[0]?.message).toContain('2026-12-01 至 2026-12-31');
  });

  it('does not take blanks for a reason', () => {
    expect(
      refusal(() => checkPlannedDates({ start: '2027-01-04', end: '2027-01-08' }, window, '  ')).code,
    ).toBe('OUTSIDE_EVALUATION_WINDOW');
  });

  it('accepts dates outside the window with a recorded reason (原则上)', () => {
    expect(() =>
      checkPlannedDates(
        { start: '2026-11-20', end: '2026-12-10' },
        window,
        '第三方机构年底任务集中，提前进场',
      ),
    ).not.toThrow();
  });

  it('refuses an end before the start, reason or not', () => {
    expect(
      refusal(() => checkPlannedDates({ start: '2026-12-10', end: '2026-12-09' }, window, '理由')).code,
    ).toBe('EVALUATION_DATES_INVALID');
  });
});

/*
 * publicityPeriod on the real calendar. chinese-days 1.5.7 (dist/chinese-days.json), year 2026:
 *   holidays  01-01…01-03 元旦; 02-15…02-23 春节; 04-04…04-06 清明; 05-01…05-05 劳动节; 06-19…06-21 端午;
 *             09-25…09-27 中秋; 10-01…10-07 国庆节
 *   workdays  (调休) Sun 01-04, Sat 02-14, Sat 02-28, Sat 05-09, Sun 09-20, Sat 10-10
 * The package has nothing for 2027.
 */
describe('publicityPeriod (R18.1) on the 2026 calendar, at least 5 working days', () => {
  const calendar = new WorkingCalendar();
  const MIN_WORKING_DAYS = 5;

  /** Exactly five working days from the start to the minimum end, and none fewer would do. */
  const expectFiveWorkingDays = (period: PublicityPeriod) => {
    expect(calendar.workingDaysBetween(period.startsOn, period.minEndOn).count).toBe(MIN_WORKING_DAYS);
    expect(calendar.workingDaysBetween(period.startsOn, addDays(period.minEndOn, -1)).count).toBe(
      MIN_WORKING_DAYS - 1,
    );
    expect(period.closableOn).toBe(addDays(period.minEndOn, 1));
  };

  it('runs across National Day when published on Tuesday 2026-09-29', () => {
    // Wed 09-30 is day 1; Thu 10-01…Wed 10-07 are off; Thu 10-08 is 2, Fri 10-09 is 3, Sat 10-10 (调休) is 4;
    // Sun 10-11 is off; Mon 10-12 is 5.
    const period = publicityPeriod('2026-09-29', MIN_WORKING_DAYS, calendar);

    expect(period).toEqual({
      startsOn: '2026-09-30',
      minEndOn: '2026-10-12',
      closableOn: '2026-10-13',
      provisional: false,
    });
    expectFiveWorkingDays(period);
  });

  it('runs across Spring Festival when published on Thursday 2026-02-12', () => {
    // Fri 02-13 is day 1, Sat 02-14 (调休) is 2; Sun 02-15…Mon 02-23 are off; Tue 02-24 is 3, Wed 02-25 is 4,
    // Thu 02-26 is 5.
    const period = publicityPeriod('2026-02-12', MIN_WORKING_DAYS, calendar);

    expect(period).toEqual({
      startsOn: '2026-02-13',
      minEndOn: '2026-02-26',
      closableOn: '2026-02-27',
      provisional: false,
    });
    expectFiveWorkingDays(period);
  });

  it('counts the adjusted working Sunday 2026-09-20 when published on Thursday 2026-09-17', () => {
    // Fri 09-18 is day 1; Sat 09-19 is off; Sun 09-20 (调休 for National Day) is 2; Mon 09-21 is 3, Tue 09-22 is 4,
    // Wed 09-23 is 5: one day earlier than the weekday rule alone (Thu 09-24).
    const period = publicityPeriod('2026-09-17', MIN_WORKING_DAYS, calendar);

    expect(period).toEqual({
      startsOn: '2026-09-18',
      minEndOn: '2026-09-23',
      closableOn: '2026-09-24',
      provisional: false,
    });
    expectFiveWorkingDays(period);
  });

  it('counts the adjusted working Saturday 2026-05-09 when published on Wednesday 2026-05-06', () => {
    // Thu 05-07 is day 1, Fri 05-08 is 2, Sat 05-09 (调休 for Labour Day) is 3; Sun 05-10 is off; Mon 05-11 is 4,
    // Tue 05-12 is 5.
    const period = publicityPeriod('2026-05-06', MIN_WORKING_DAYS, calendar);

    expect(period).toEqual({
      startsOn: '2026-05-07',
      minEndOn: '2026-05-12',
      closableOn: '2026-05-13',
      provisional: false,
    });
    expectFiveWorkingDays(period);
  });

  it('starts on the Saturday and ends the next Friday when published on Friday 2026-03-06', () => {
    // Sat 03-07 and Sun 03-08 are off; Mon 03-09 is day 1 … Fri 03-13 is 5.
    const period = publicityPeriod('2026-03-06', MIN_WORKING_DAYS, calendar);

    expect(period).toEqual({
      startsOn: '2026-03-07',
      minEndOn: '2026-03-13',
      closableOn: '2026-03-14',
      provisional: false,
    });
    expectFiveWorkingDays(period);
  });

  it('holds the five-working-day invariant for every 2026 publication date up to 12-24 (the last whose period ends in 2026)', () => {
    const violations: string[] = [];
    for (let published = '2026-01-01'; published <= '2026-12-24'; published = addDays(published, 1)) {
      const period = publicityPeriod(published, MIN_WORKING_DAYS, calendar);
      const count = calendar.workingDaysBetween(period.startsOn, period.minEndOn).count;
      const earlier = calendar.workingDaysBetween(period.startsOn, addDays(period.minEndOn, -1)).count;
      const fine =
        period.startsOn === addDays(published, 1) &&
        count === MIN_WORKING_DAYS &&
        earlier === MIN_WORKING_DAYS - 1 &&
        period.closableOn === addDays(period.minEndOn, 1) &&
        !period.provisional;
      if (!fine) violations.push(published);
    }

    expect(violations).toEqual([]);
  });

  it('marks a period reaching into 2027, which the package does not know, as provisional', () => {
    // Tue 12-29, Wed 12-30, Thu 12-31 are days 1–3; 2027-01-01 (Fri) counts as 4 by the weekday rule alone,
    // though New Year's Day will surely be off; Mon 2027-01-04 is 5.
    expect(publicityPeriod('2026-12-28', MIN_WORKING_DAYS, calendar)).toEqual({
      startsOn: '2026-12-29',
      minEndOn: '2027-01-04',
      closableOn: '2027-01-05',
      provisional: true,
    });
  });

  it('marks a publication in late December 2027 as provisional', () => {
    const period = publicityPeriod('2027-12-20', MIN_WORKING_DAYS, calendar);

    expect(period).toEqual({
      startsOn: '2027-12-21',
      minEndOn: '2027-12-27',
      closableOn: '2027-12-28',
      provisional: true,
    });
    expectFiveWorkingDays(period);
  });
});

describe('isClosable (R18.1)', () => {
  const period: PublicityPeriod = {
    startsOn: '2026-09-30',
    minEndOn: '2026-10-12',
    closableOn: '2026-10-13',
    provisional: false,
  };
  const notice = (
    overrides: Partial<Pick<PublicityNotice, 'status' | 'openObjections'>> = {},
  ): Pick<PublicityNotice, 'status' | 'period' | 'openObjections'> => ({
    status: 'open',
    period,
    openObjections: 0,
    ...overrides,
  });

  it('is not closable on the last day of the minimum period', () => {
    expect(isClosable(notice(), '2026-10-12')).toBe(false);
  });

  it('is closable from closableOn on', () => {
    expect([isClosable(notice(), '2026-10-13'), isClosable(notice(), '2026-11-02')]).toEqual([true, true]);
  });

  it('is not closable while an objection is still open', () => {
    expect(isClosable(notice({ openObjections: 1 }), '2026-10-20')).toBe(false);
  });

  it.each(['withdrawn', 'closed'] as const)('is never closable once %s', (status) => {
    expect(isClosable(notice({ status }), '2026-10-20')).toBe(false);
  });
});
