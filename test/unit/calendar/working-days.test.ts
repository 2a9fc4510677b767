import { describe, expect, it } from 'vitest';
import { WorkingCalendar, type YearSchedule } from '#shared/domain/calendar/working-days';

// 2026 facts from the package (State Council arrangement): Mid-Autumn 09-25…09-27 and National Day 10-01…10-07
// off; Sunday 09-20 and Saturday 10-10 worked; Spring Festival 02-15…02-23 off, Saturdays 02-14 and 02-28 worked.
const calendar = new WorkingCalendar();

describe('working-day calendar (B5)', () => {
  it('counts the first working day after National Day eve as 8 October', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
  });

  it('counts an adjusted working Saturday (调休) as a working day', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toEqual({ working: true, provisional: false });
    expect(calendar.isWorkingDay('2026-10-03')).toEqual({ working: false, provisional: false });
  });

  it('ends a 5-working-day publicity period that starts before the holidays on the adjusted Saturday after (R18.1)', () => {
    // 09-29, 09-30, 10-08, 10-09, 10-10
    expect(calendar.nthWorkingDayFrom('2026-09-29', 5)).toEqual({ date: '2026-10-10', provisional: false });
  });

  it('does not count a holiday start day as day 1 of a period', () => {
    expect(calendar.nthWorkingDayFrom('2026-10-01', 1).date).toBe('2026-10-08');
  });

  it('skips the Spring Festival break, working its adjusted Saturday', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2).date).toBe('2026-02-24');
  });

  it('puts a 30-working-day handover deadline across Mid-Autumn and National Day on 2 November (R10.2)', () => {
    expect(calendar.addWorkingDays('2026-09-15', 30)).toEqual({ date: '2026-11-02', provisional: false });
  });

  it('counts backwards across the holidays for a reminder 5 working days before a due date (B1)', () => {
    // 10-08, 09-30, 09-29, 09-28, then 09-27…09-25 are off, so 09-24.
    expect(calendar.addWorkingDays('2026-10-09', -5).date).toBe('2026-09-24');
  });

  it('marks a computation reaching 2027 provisional while no one has entered 2027', () => {
    expect(calendar.yearStatus(2027)).toEqual({ year: 2027, official: false, source: 'none' });
    expect(calendar.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', provisional: true });
    expect(calendar.addWorkingDays('2026-12-21', 3).provisional).toBe(false);
  });

  it("honours the city's 2027 entry, which makes the result official", () => {
    const y2027: YearSchedule = { year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'override' };
    const withOverride = new WorkingCalendar(new Map([[2027, y2027]]));
    expect(withOverride.addWorkingDays('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: false });
    expect(withOverride.yearStatus(2027).source).toBe('override');
  });

  it("replaces the package's data for a year the city corrects", () => {
    const corrected = new WorkingCalendar(
      new Map([[2026, { year: 2026, holidays: ['2026-10-01'], workdays: [], source: 'override' as const }]]),
    );
    expect(corrected.isWorkingDay('2026-10-02').working).toBe(true);
    expect(corrected.isWorkingDay('2026-10-10').working).toBe(false);
  });

  it('lists the working days of a range, inclusive, and nothing for an inverted range', () => {
    expect(calendar.workingDaysBetween('2026-10-07', '2026-10-11')).toEqual({
      count: 3,
      days: ['2026-10-08', '2026-10-09', '2026-10-10'],
      provisional: false,
    });
    expect(calendar.workingDaysBetween('2026-10-11', '2026-10-07').count).toBe(0);
    expect(calendar.addWorkingDays('2026-10-03', 0).date).toBe('2026-10-03');
  });
});
