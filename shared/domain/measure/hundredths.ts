/**
 * Exact decimals as integers: money in fen (分), scores and areas in hundredths. Inputs arrive as JSON numbers
 * or strings; both are read through their decimal text, so 25.55 becomes 2555 exactly and no binary floating
 * point ever enters a rule.
 */
const DECIMAL_2 = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Parses a non-negative decimal with at most two places into hundredths; undefined when it is not one. */
export function parseHundredths(value: number | string): number | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = DECIMAL_2.exec(text);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  const result = whole * 100 + frac;
  return Number.isSafeInteger(result) ? result : undefined;
}

/** Formats hundredths as a decimal string with two places: 2555 → "25.55". */
export function formatHundredths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
