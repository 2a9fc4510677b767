import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { handoverSchedule } from '#shared/domain/handover/handover';

const calendar = new WorkingCalendar();

describe('handover deadline in working days (R10.2)', () => {
  it('counts 30 working days over Spring Festival 2026 with its two 调休 Saturdays', () => {
    // Exit Thursday 02-12: 02-13 (1), Saturday 02-14 调休 (2), 02-15..02-23 off, 02-24..02-27 (3–6), Saturday 02-28
    // 调休 (7), 03-02..03-27 (8–27), 03-30, 03-31, 04-01 (28–30).
    const s = handoverSchedule('2026-02-12', 30, calendar);
    expect(s.deadlineOn).toBe('2026-04-01');
    expect(s.provisional).toBe(false);
    expect(calendar.workingDaysBetween('2026-02-13', s.deadlineOn).count).toBe(30);
    expect(s.steps).toEqual([
      { id: 'reminder', on: '2026-03-25' },
      { id: 'overdue', on: '2026-04-02' },
    ]);
  });

  it('counts 30 working days over National Day 2026 with the 调休 Saturday 10-10', () => {
    // Exit Tuesday 09-29: 09-30 (1), 10-01..10-07 off, 10-08, 10-09 (2, 3), Saturday 10-10 (4), then 26 more.
    const s = handoverSchedule('2026-09-29', 30, calendar);
    expect(s.deadlineOn).toBe('2026-11-16');
    expect(calendar.workingDaysBetween('2026-09-30', s.deadlineOn).count).toBe(30);
    expect(s.nextActionOn).toBe('2026-11-09');
  });

  it('says when the deadline runs into a year without an official calendar', () => {
    expect(handoverSchedule('2026-12-15', 30, calendar).provisional).toBe(true);
  });
});
