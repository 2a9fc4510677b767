import { afterEach, describe, expect, it } from 'vitest';
import { scheduledTimeOn } from '#infra/local/scheduler';
import {
  applyShiftedToday,
  clockBannerLine,
  refuseShiftedClockInDeployment,
  ShiftedClockError,
  shiftFromEnv,
} from '#infra/local/shifted-clock';
import { clockShiftDays, now, resetClock, shiftClock } from '#shared/clock';
import { shanghaiDate } from '#shared/domain/calendar/dates';

describe('the local runtime on a shifted clock (SGZ_TODAY)', () => {
  afterEach(() => resetClock());

  it('moves the clock by whole days so that today is SGZ_TODAY in Asia/Shanghai, and it keeps ticking', () => {
    // 2026-12-06 23:30 in Shanghai is still 2026-12-06 there (15:30 UTC).
    expect(shiftFromEnv({ SGZ_TODAY: '2026-12-20' }, new Date('2026-12-06T15:30:00Z'))).toBe(14);
    expect(shiftFromEnv({ SGZ_TODAY: '2026-12-01' }, new Date('2026-12-06T15:30:00Z'))).toBe(-5);
    expect(shiftFromEnv({}, new Date())).toBeUndefined();
    const days = applyShiftedToday({ SGZ_TODAY: '2027-03-01' });
    expect(shanghaiDate(now())).toBe('2027-03-01');
    expect(clockShiftDays()).toBe(days);
    expect(now().getTime() - Date.now()).toBe(days * 86_400_000);
    expect(clockBannerLine()).toContain('2027-03-01');
    expect(clockBannerLine()).toContain('SGZ_TODAY');
  });

  it('refuses a date that does not exist with one line in Chinese', () => {
    for (const value of ['2026-02-30', '20261220', 'tomorrow']) {
      expect(() => shiftFromEnv({ SGZ_TODAY: value })).toThrowError(ShiftedClockError);
      expect(() => shiftFromEnv({ SGZ_TODAY: value })).toThrowError(/不是有效日期：请写成 YYYY-MM-DD/);
    }
  });

  it('is never taken by a deployment: the CDK app refuses to synthesize with it, a deployed function refuses to shift', () => {
    expect(() => refuseShiftedClockInDeployment({ SGZ_TODAY: '2026-12-20' })).toThrowError(/不能用于部署/);
    expect(() => refuseShiftedClockInDeployment({})).not.toThrow();
    expect(() =>
      shiftFromEnv({ SGZ_TODAY: '2026-12-20', AWS_LAMBDA_FUNCTION_NAME: 'sgz-prod-closePublicity' }),
    ).toThrowError(/只能用于本地运行/);
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'sgz-prod-closePublicity';
    try {
      expect(() => shiftClock(3)).toThrowError(/local runtime only/);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
    expect(clockShiftDays()).toBe(0);
  });

  it("runs a job as of a day at its schedule's time of day, and says when the schedule skips that day", () => {
    expect(scheduledTimeOn('publicity-closing', '2026-12-22')).toEqual({
      scheduledTime: new Date('2026-12-22T00:10:00+08:00'),
      firesThatDay: true,
    });
    expect(scheduledTimeOn('november-report-deadlines', '2026-06-01')).toEqual({
      scheduledTime: new Date('2026-06-01T09:00:00+08:00'),
      firesThatDay: false,
    });
    expect(scheduledTimeOn('november-report-deadlines', '2026-11-02').firesThatDay).toBe(true);
  });
});
