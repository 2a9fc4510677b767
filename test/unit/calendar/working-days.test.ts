import { describe, expect, it } from 'vitest';
import { WorkingCalendar, type YearSchedule } from '#shared/domain/calendar/working-days';

// Facts read from chinese-days 1.5.7 (dist/chinese-days.json), i.e. the State Council's 2026 arrangement:
// - Mid-Autumn 09-25 (Fri)…09-27 (Sun) and National Day 10-01 (Thu)…10-07 (Wed) are off;
//   Sunday 09-20 and Saturday 10-10 are worked (调休).
// - Spring Festival 02-15 (Sun)…02-23 (Mon) is off; Saturdays 02-14 and 02-28 are worked.
// - The package knows 2004…2026 and nothing of 2027. 2025-10-08 (Wed) is off, Saturday 2025-10-11 is worked.
const calendar = new WorkingCalendar();

const override = (year: number, holidays: string[], workdays: string[]): [number, YearSchedule] => [
  year,
  { year, holidays, workdays, source: 'override' },
];

describe('WorkingCalendar.yearStatus (B5)', () => {
  it('reports package years as official and years outside 2004…2026 as having no data', () => {
    const statuses = [2003, 2004, 2026, 2027].map((y) => calendar.yearStatus(y));

    expect(statuses).toEqual([
      { year: 2003, official: false, source: 'none' },
      { year: 2004, official: true, source: 'package' },
      { year: 2026, official: true, source: 'package' },
      { year: 2027, official: false, source: 'none' },
    ]);
  });
});

describe('WorkingCalendar on the 2026 package data', () => {
  it('takes Mid-Autumn and National Day off and works the adjusted Sunday 09-20 and Saturday 10-10', () => {
    const range = calendar.workingDaysBetween('2026-09-19', '2026-10-11');

    expect(range).toEqual({
      count: 11,
      days: [
        '2026-09-20',
        '2026-09-21',
        '2026-09-22',
        '2026-09-23',
        '2026-09-24',
        '2026-09-28',
        '2026-09-29',
        '2026-09-30',
        '2026-10-08',
        '2026-10-09',
        '2026-10-10',
      ],
      provisional: false,
    });
  });

  it('answers single days of the National Day break: a holiday Monday is off, an adjusted Saturday is on', () => {
    const days = ['2026-10-05', '2026-10-10', '2026-10-11'].map((d) => calendar.isWorkingDay(d));

    expect(days).toEqual([
      { working: false, provisional: false },
      { working: true, provisional: false },
      { working: false, provisional: false },
    ]);
  });

  it('skips the Spring Festival break and works its adjusted Saturdays 02-14 and 02-28', () => {
    const range = calendar.workingDaysBetween('2026-02-13', '2026-03-01');

    expect(range.days).toEqual([
      '2026-02-13',
      '2026-02-14',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
    ]);
  });

  it('puts the second working day after the Friday before Spring Festival on the Tuesday after the break', () => {
    const next = calendar.addWorkingDays('2026-02-13', 2);

    expect(next).toEqual({ date: '2026-02-24', provisional: false });
  });

  it('counts an adjusted working Sunday (调休) as a working day', () => {
    const sunday = calendar.isWorkingDay('2026-09-20');
    const afterSaturday = calendar.addWorkingDays('2026-09-19', 1);

    expect(sunday).toEqual({ working: true, provisional: false });
    expect(afterSaturday.date).toBe('2026-09-20');
  });
});

describe('WorkingCalendar deadlines', () => {
  it('ends a 5-working-day publicity period starting just before National Day on Saturday 10-10 (R18.1)', () => {
    // 09-29, 09-30, then 10-01…10-07 off, then 10-08, 10-09 and the adjusted Saturday 10-10.
    const end = calendar.nthWorkingDayFrom('2026-09-29', 5);

    expect(end).toEqual({ date: '2026-10-10', provisional: false });
  });

  it('counts a publicity period starting on the adjusted working Sunday from that Sunday (R18.1)', () => {
    const end = calendar.nthWorkingDayFrom('2026-09-20', 5);

    expect(end).toEqual({ date: '2026-09-24', provisional: false });
  });

  it('starts a period that begins on a holiday on the first working day after the break', () => {
    const first = calendar.nthWorkingDayFrom('2026-10-01', 1);

    expect(first).toEqual({ date: '2026-10-08', provisional: false });
  });

  it('puts a 30-working-day handover deadline from an exit on 09-15 on 11-02, past both holidays (R10.2)', () => {
    // Counting weekdays only would give 2026-10-27.
    const due = calendar.addWorkingDays('2026-09-15', 30);

    expect(due).toEqual({ date: '2026-11-02', provisional: false });
  });

  it('counts backwards across National Day and Mid-Autumn for a reminder 5 working days before a due date', () => {
    // 10-08, 09-30, 09-29, 09-28, then 09-27…09-25 are off, so 09-24.
    const reminder = calendar.addWorkingDays('2026-10-09', -5);

    expect(reminder).toEqual({ date: '2026-09-24', provisional: false });
  });

  it('counts the adjusted working Sunday when counting backwards', () => {
    const reminder = calendar.addWorkingDays('2026-09-22', -2);

    expect(reminder.date).toBe('2026-09-20');
  });
});

describe('WorkingCalendar for years without package data', () => {
  it('marks a computation reaching 2027 provisional while no one has entered 2027', () => {
    const due = calendar.addWorkingDays('2026-12-30', 3);

    // 12-31, then 2027-01-01 (a Friday, working by the weekday rule alone), then 01-04.
    expect(due).toEqual({ date: '2027-01-04', provisional: true });
  });

  it('does not mark a computation that stays inside 2026 provisional', () => {
    const due = calendar.addWorkingDays('2026-12-21', 3);

    expect(due).toEqual({ date: '2026-12-24', provisional: false });
  });

  it('marks a backward count provisional when it passes through 2027 even though it ends in 2026', () => {
    const reminder = calendar.addWorkingDays('2027-01-05', -3);

    expect(reminder).toEqual({ date: '2026-12-31', provisional: true });
  });

  it('marks single days, ranges and periods touching 2027 provisional', () => {
    const day = calendar.isWorkingDay('2027-01-01');
    const range = calendar.workingDaysBetween('2026-12-28', '2027-01-01');
    const period = calendar.nthWorkingDayFrom('2027-01-04', 1);

    expect(day).toEqual({ working: true, provisional: true });
    expect(range).toMatchObject({ count: 5, provisional: true });
    expect(period).toEqual({ date: '2027-01-04', provisional: true });
  });

  it("honours the city's 2027 entry, which makes the result official", () => {
    // Hypothetical 2027 arrangement (test data, not the State Council's): 01-01…01-04 off, Saturday 01-09 worked.
    const withOverride = new WorkingCalendar(
      new Map([override(2027, ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'], ['2027-01-09'])]),
    );

    const due = withOverride.addWorkingDays('2026-12-30', 2);
    const range = withOverride.workingDaysBetween('2027-01-01', '2027-01-10');

    expect(due).toEqual({ date: '2027-01-05', provisional: false });
    expect(range).toEqual({
      count: 5,
      days: ['2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09'],
      provisional: false,
    });
    expect(withOverride.yearStatus(2027)).toEqual({ year: 2027, official: true, source: 'override' });
  });

  it("replaces the package's data entirely for a year the city corrects, leaving other years alone", () => {
    const corrected = new WorkingCalendar(new Map([override(2026, ['2026-10-01'], [])]));

    const range = corrected.workingDaysBetween('2026-09-19', '2026-10-11');

    // Only 10-01 is off now: Mid-Autumn and the rest of National Day are worked, 09-20 and 10-10 are not.
    expect(range.days).toEqual([
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      '2026-09-25',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-10-08',
      '2026-10-09',
    ]);
    expect(corrected.yearStatus(2026).source).toBe('override');
    expect(corrected.isWorkingDay('2025-10-08').working).toBe(false);
    expect(corrected.isWorkingDay('2025-10-11').working).toBe(true);
  });
});

describe('WorkingCalendar edge cases', () => {
  it('returns the start unchanged, even a holiday, when adding 0 working days', () => {
    const same = calendar.addWorkingDays('2026-10-03', 0);

    expect(same).toEqual({ date: '2026-10-03', provisional: false });
  });

  it('returns an empty range when the end is before the start', () => {
    const range = calendar.workingDaysBetween('2026-10-11', '2026-10-07');

    expect(range).toEqual({ count: 0, days: [], provisional: false });
  });

  it('includes both ends of a range, so a one-day range holds that day only if it is worked', () => {
    const holiday = calendar.workingDaysBetween('2026-10-01', '2026-10-01');
    const adjusted = calendar.workingDaysBetween('2026-10-10', '2026-10-10');

    expect(holiday.count).toBe(0);
    expect(adjusted.days).toEqual(['2026-10-10']);
  });

  it('refuses computations that would examine more than 3660 days', () => {
    expect(() => calendar.addWorkingDays('2026-01-01', 3000)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-01-01', -3000)).toThrow(RangeError);
    expect(() => calendar.workingDaysBetween('2026-01-01', '2040-01-01')).toThrow(RangeError);
  });

  it('accepts a range of exactly 3660 days and refuses one of 3661', () => {
    // 2026-01-01…2036-01-08 is 3660 days inclusive.
    const longest = calendar.workingDaysBetween('2026-01-01', '2036-01-08');

    expect(longest.provisional).toBe(true);
    expect(() => calendar.workingDaysBetween('2026-01-01', '2036-01-09')).toThrow(RangeError);
  });

  it('refuses a non-integer count, a period of fewer than 1 day and a date that does not exist', () => {
    expect(() => calendar.addWorkingDays('2026-10-09', 1.5)).toThrow(RangeError);
    expect(() => calendar.nthWorkingDayFrom('2026-10-09', 0)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.workingDaysBetween('2026-10-01', '2026-1-9')).toThrow(RangeError);
  });

  it('refuses an override filed under the wrong year or holding a date from another year', () => {
    const misfiled = new Map([
      [2028, { year: 2027, holidays: [], workdays: [], source: 'override' as const }],
    ]);

    expect(() => new WorkingCalendar(misfiled)).toThrow(RangeError);
    expect(() => new WorkingCalendar(new Map([override(2027, ['2026-12-31'], [])]))).toThrow(RangeError);
  });
});

describe('WorkingCalendar.schedule: every deadline and reminder date (issue 18)', () => {
  it('moves a due date on a holiday to the next working day by default, or back, or leaves it', () => {
    const next = calendar.schedule({ due: '2026-10-05', rule: 'next_working_day' });
    const previous = calendar.schedule({ due: '2026-10-05', rule: 'previous_working_day' });
    const unchanged = calendar.schedule({ due: '2026-10-05', rule: 'unchanged' });

    expect([next.date, previous.date, unchanged.date]).toEqual(['2026-10-08', '2026-09-30', '2026-10-05']);
    expect(unchanged.years).toEqual([]);
    expect(next).toMatchObject({ provisional: false, years: [2026] });
  });

  it('counts working days first, then applies the rule (0 working days after a Saturday is the Monday)', () => {
    expect(calendar.schedule({ due: '2026-07-04', workingDays: 0, rule: 'next_working_day' }).date).toBe(
      '2026-07-06',
    );
    // 10-08, 10-09, the adjusted Saturday 10-10, 10-12, 10-13.
    expect(calendar.schedule({ due: '2026-09-30', workingDays: 5, rule: 'next_working_day' }).date).toBe(
      '2026-10-13',
    );
  });

  it('puts a reminder on the working day before a non-working date, never after it', () => {
    expect(calendar.schedule({ remindBefore: '2026-10-03', workingDays: 0 }).date).toBe('2026-09-30');
    expect(calendar.schedule({ remindBefore: '2026-10-08', workingDays: 2 }).date).toBe('2026-09-29');
  });

  it('names every year a date depends on and marks one reaching an unloaded year provisional', () => {
    const reminder = calendar.schedule({ remindBefore: '2027-01-05', workingDays: 2 });

    expect(reminder).toEqual({ date: '2027-01-01', provisional: true, years: [2027] });
    const loaded = new WorkingCalendar(new Map([override(2027, ['2027-01-01'], [])]));
    expect(loaded.schedule({ remindBefore: '2027-01-05', workingDays: 2 })).toEqual({
      date: '2026-12-31',
      provisional: false,
      years: [2026, 2027],
    });
  });
});
