import { describe, expect, it } from 'vitest';
import { formatHundredths, parseHundredths } from '#shared/domain/measure/hundredths';

describe('exact hundredths', () => {
  it('reads decimals through their text, so 25.55 is 2555 exactly', () => {
    expect(parseHundredths(25.55)).toBe(2555);
    expect(parseHundredths('0.1')).toBe(10);
    expect(parseHundredths('12')).toBe(1200);
  });

  it('refuses a third decimal, negatives and non-numbers', () => {
    expect(parseHundredths('1.005')).toBeUndefined();
    expect(parseHundredths(-1)).toBeUndefined();
    expect(parseHundredths('1e3')).toBeUndefined();
    expect(parseHundredths(Number.NaN)).toBeUndefined();
  });

  it('formats with two places', () => {
    expect(formatHundredths(2555)).toBe('25.55');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(-150)).toBe('-1.50');
  });
});
