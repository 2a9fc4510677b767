import { describe, expect, it } from 'vitest';
import { formatDate, formatPercent, formatPoints, formatYuan } from '../../web/src/components/format';

/** The portal formats once: amounts in fen as yuan, rates in hundredths of a percent, dates in Chinese. */
describe('the portal’s formatters', () => {
  it('shows fen as yuan with grouping and two decimals, by integer arithmetic', () => {
    expect(formatYuan(123456)).toBe('¥1,234.56');
    expect(formatYuan(60_000_000)).toBe('¥600,000.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(-1999)).toBe('-¥19.99');
  });
  it('shows hundredths of a percent as a percentage, and no rate as a dash', () => {
    expect(formatPercent(8333)).toBe('83.33%');
    expect(formatPercent(10000)).toBe('100.00%');
    expect(formatPercent(7)).toBe('0.07%');
    expect(formatPercent(null)).toBe('—');
  });
  it('shows a score in hundredths of a point with two decimals, and no score as a dash', () => {
    expect(formatPoints(8567)).toBe('85.67');
    expect(formatPoints(10000)).toBe('100.00');
    expect(formatPoints(450)).toBe('4.50');
    expect(formatPoints(undefined)).toBe('—');
  });
  it('shows a date in Chinese', () => {
    expect(formatDate('2026-11-25')).toBe('2026年11月25日');
    expect(formatDate(undefined)).toBe('—');
  });
});
