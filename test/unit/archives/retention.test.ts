import { describe, expect, it } from 'vitest';
import { lockUntilInstant, plusYears, retainUntil } from '#shared/domain/archives/retention';

const rule = { accountingYears: 30, evaluationMaterialYears: 5 };

describe('archive retention (R10.1)', () => {
  it('keeps vouchers the accounting years after the end of the year of the expense', () => {
    expect(retainUntil('accounting', { date: '2026-01-01', periodEnd: '2027-06-30' }, rule)).toBe(
      '2056-12-31',
    );
    expect(retainUntil('accounting', { date: '2026-12-31' }, rule)).toBe('2056-12-31');
  });

  it('keeps evaluation-related material five years after the end of the service period', () => {
    for (const category of ['service_report', 'evaluation_report', 'service_record', 'handover'] as const) {
      expect(retainUntil(category, { date: '2026-03-01', periodEnd: '2027-12-31' }, rule)).toBe('2032-12-31');
    }
  });

  it('counts a district annual report (no contract) from the end of its year', () => {
    expect(retainUntil('service_report', { date: '2026-11-28' }, rule)).toBe('2031-12-31');
  });

  it('never shortens a period that ends on 29 February', () => {
    expect(plusYears('2028-02-29', 5)).toBe('2033-03-01');
    expect(plusYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(plusYears('2027-02-28', 5)).toBe('2032-02-28');
  });

  it('locks until the end of the retain-until day in Asia/Shanghai', () => {
    expect(lockUntilInstant('2032-12-31').toISOString()).toBe('2032-12-31T16:00:00.000Z');
  });
});
