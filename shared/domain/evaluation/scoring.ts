import { DomainError } from '#shared/domain/errors';

/**
 * Scores and grades (R17.1), exactly. A score is a whole number of hundredths of a point (85.67 → 8567); the
 * weighted total is kept in ten-thousandths of a point: Σ score × weight%, so 60 % of 85.67 plus 30 % of 90.33 plus
 * 10 % of 78.11 is 514020 + 270990 + 78110 = 863120, i.e. 86.3120, with no rounding and no binary floating point.
 * Grades compare that integer with the policy's bands (in hundredths) × 100.
 */
export type Hundredths = number;

export const MAX_SCORE_HUNDREDTHS = 10_000;
const SCORE_TEXT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * A score as typed (a JSON number such as 85.67, or a string "85.67") in hundredths. JavaScript prints a number
 * with the shortest text that reads back to it, so 85.67 is read as the text "85.67", never as 85.6699999….
 * More than two decimals, a negative value or more than 100 points are refused.
 */
export function parseScore(value: number | string, path = 'score'): Hundredths {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = SCORE_TEXT.exec(text);
  const hundredths = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
  if (!m || hundredths > MAX_SCORE_HUNDREDTHS) {
    throw new DomainError('SCORE_INVALID', 422, '分数应为 0–100，最多两位小数', undefined, {
      rule: 'R17.1',
      errors: [{ path, message: '分数应为 0–100 之间、最多两位小数的数' }],
    });
  }
  return hundredths;
}

/** 8567 → "85.67"; 9000 → "90.00". */
export const formatHundredths = (h: Hundredths): string =>
  `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;

/** 863120 → "86.3120": the exact total, four decimals. */
export const formatTenThousandths = (t: number): string =>
  `${Math.trunc(t / 10_000)}.${String(t % 10_000).padStart(4, '0')}`;

export interface Weights {
  readonly thirdParty: number;
  readonly district: number;
  readonly street: number;
}

export interface Bands {
  readonly excellent: Hundredths;
  readonly good: Hundredths;
  readonly qualified: Hundredths;
}

export interface ScoreTriple {
  readonly thirdParty: Hundredths;
  readonly district: Hundredths;
  readonly street: Hundredths;
}

/** Σ score × weight% in ten-thousandths of a point (integers all the way: at most 10000 × 100). */
export const weightedTotal = (s: ScoreTriple, w: Weights): number =>
  s.thirdParty * w.thirdParty + s.district * w.district + s.street * w.street;

export const GRADES = ['excellent', 'good', 'qualified', 'unqualified'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_NAMES: Readonly<Record<Grade, string>> = {
  excellent: '优秀',
  good: '良好',
  qualified: '合格',
  unqualified: '不合格',
};

/** 优秀 ≥ excellent; 良好 ≥ good and < excellent; 合格 ≥ qualified and < good; 不合格 below (band × 100, exactly). */
export function gradeOf(totalTenThousandths: number, bands: Bands): Grade {
  if (totalTenThousandths >= bands.excellent * 100) return 'excellent';
  if (totalTenThousandths >= bands.good * 100) return 'good';
  if (totalTenThousandths >= bands.qualified * 100) return 'qualified';
  return 'unqualified';
}

/** Qualified or better: the operator continues (R19.1). */
export const passes = (grade: Grade): boolean => grade !== 'unqualified';
