import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { toCronerPattern } from '#infra/local/scheduler';
import { jobs } from '#shared/manifest';

describe('EventBridge cron expressions run locally by croner', () => {
  it('converts every manifest job and fires it at the same Asia/Shanghai time', () => {
    for (const job of Object.values(jobs)) {
      const cron = new Cron(toCronerPattern(job.schedule), { timezone: job.timeZone, paused: true });
      expect(cron.nextRun(new Date('2026-11-24T16:00:00Z'))).toBeInstanceOf(Date);
    }
    const daily = new Cron(toCronerPattern(jobs['evaluation-window-alerts'].schedule), {
      timezone: 'Asia/Shanghai',
      paused: true,
    });
    // 08:00 in Shanghai is 00:00 UTC.
    expect(daily.nextRun(new Date('2026-11-24T16:00:00Z'))?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  it('runs the November job in November and December only', () => {
    const cron = new Cron(toCronerPattern(jobs['november-report-deadlines'].schedule), {
      timezone: 'Asia/Shanghai',
      paused: true,
    });
    expect(cron.nextRun(new Date('2027-01-15T00:00:00Z'))?.toISOString().slice(0, 10)).toBe('2027-11-01');
  });

  it('refuses numeric days of week, which EventBridge and croner number differently', () => {
    expect(() => toCronerPattern('cron(0 8 ? * 2 *)')).toThrowError(/day names/);
    expect(() => toCronerPattern('rate(1 day)')).toThrowError();
  });
});
