import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import {
  type Bands,
  formatHundredths,
  formatTenThousandths,
  GRADE_NAMES,
  type Grade,
  gradeOf,
  type Hundredths,
  parseScore,
  passes,
  type ScoreTriple,
  weightedTotal,
} from '#shared/domain/evaluation/scoring';

// The policy defaults (R17.1): third party 60 %, district 30 %, street 10 %; 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60.
const WEIGHTS = { thirdParty: 60, district: 30, street: 10 };
const BANDS: Bands = { excellent: 9000, good: 8000, qualified: 6000 };

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

const triple = (thirdParty: Hundredths, district: Hundredths, street: Hundredths): ScoreTriple => ({
  thirdParty,
  district,
  street,
});

/**
 * An exact reference that shares nothing with the module but the rule's wording: every number is read from its
 * decimal text into a BigInt scaled by 10^4, so "85.67" × "0.6" is 856700n × 6000n at scale 10^8.
 */
const REFERENCE_DIGITS = 4;
const decimal = (text: string): bigint => {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  const fraction = m?.[2] ?? '';
  if (!m?.[1] || fraction.length > REFERENCE_DIGITS)
    throw new Error(`not a decimal the reference reads: ${text}`);
  return BigInt(m[1]) * 10n ** BigInt(REFERENCE_DIGITS) + BigInt(fraction.padEnd(REFERENCE_DIGITS, '0'));
};
const REFERENCE_WEIGHTS = { thirdParty: decimal('0.6'), district: decimal('0.3'), street: decimal('0.1') };
/** Bands at the product's scale (10^8), from the rule's text "90", "80", "60". */
const REFERENCE_BANDS = {
  excellent: decimal('90') * 10n ** BigInt(REFERENCE_DIGITS),
  good: decimal('80') * 10n ** BigInt(REFERENCE_DIGITS),
  qualified: decimal('60') * 10n ** BigInt(REFERENCE_DIGITS),
};

interface ScoreTexts {
  readonly thirdParty: string;
  readonly district: string;
  readonly street: string;
}

const referenceTotal = (s: ScoreTexts): bigint =>
  decimal(s.thirdParty) * REFERENCE_WEIGHTS.thirdParty +
  decimal(s.district) * REFERENCE_WEIGHTS.district +
  decimal(s.street) * REFERENCE_WEIGHTS.street;

const referenceGrade = (total: bigint): Grade => {
  if (total >= REFERENCE_BANDS.excellent) return 'excellent';
  if (total >= REFERENCE_BANDS.good) return 'good';
  if (total >= REFERENCE_BANDS.qualified) return 'qualified';
  return 'unqualified';
};

/** A point of the 0.01 grid as a person types it: 8567 → "85.67", 5 → "0.05" (string slicing, not formatHundredths). */
const gridText = (h: number): string => {
  const digits = String(h).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

const textsOf = (t: number, d: number, s: number): ScoreTexts => ({
  thirdParty: gridText(t),
  district: gridText(d),
  street: gridText(s),
});

/** What the system computes from the three scores as JSON numbers (85.67), the way a request carries them. */
const systemGrade = (s: ScoreTexts): { total: number; grade: Grade } => {
  const total = weightedTotal(
    triple(
      parseScore(JSON.parse(s.thirdParty) as number),
      parseScore(JSON.parse(s.district) as number),
      parseScore(JSON.parse(s.street) as number),
    ),
    WEIGHTS,
  );
  return { total, grade: gradeOf(total, BANDS) };
};

/** The reference total at scale 10^8 in the module's unit (ten-thousandths), which must be a whole number. */
const toTenThousandths = (total: bigint): bigint => {
  const unit = 10n ** BigInt(2 * REFERENCE_DIGITS - 4);
  expect(total % unit).toBe(0n);
  return total / unit;
};

describe('parseScore (R17.1)', () => {
  it.each([
    [85.67, 8567],
    ['90', 9000],
    [100, 10_000],
    [0, 0],
    ['85.5', 8550],
    [33.33, 3333],
    [66.67, 6667],
    [99.99, 9999],
    [0.01, 1],
  ])('reads %j as %i hundredths', (typed, hundredths) => {
    expect(parseScore(typed)).toBe(hundredths);
  });

  it.each([
    ['70.1', 7010],
    ['85.60', 8560],
    ['100.00', 10_000],
    ['0.3', 30],
  ])('reads the JSON number %s exactly as %i hundredths', (json, hundredths) => {
    expect(parseScore(JSON.parse(json) as number)).toBe(hundredths);
  });

  it.each([100.01, -1, 85.675, 'abc', 1e21, '', '85.', Number.NaN])(
    'refuses %j with SCORE_INVALID',
    (typed) => {
      expect(refusal(() => parseScore(typed))).toMatchObject({ code: 'SCORE_INVALID', status: 422 });
    },
  );

  it('refuses a float-arithmetic result such as 0.1 + 0.2 instead of rounding it', () => {
    expect(refusal(() => parseScore(0.1 + 0.2)).code).toBe('SCORE_INVALID');
  });

  it('names the field and the rule in the refusal', () => {
    const error = refusal(() => parseScore('abc', 'body.district'));

    expect(error.extras).toMatchObject({ rule: 'R17.1', errors: [{ path: 'body.district' }] });
  });
});

describe('formatHundredths and formatTenThousandths', () => {
  it.each([
    [8567, '85.67'],
    [9000, '90.00'],
    [5, '0.05'],
    [10_000, '100.00'],
  ])('shows %i hundredths as %s', (hundredths, text) => {
    expect(formatHundredths(hundredths)).toBe(text);
  });

  it.each([
    [863_120, '86.3120'],
    [1_000_000, '100.0000'],
    [0, '0.0000'],
    [599_990, '59.9990'],
  ])('shows %i ten-thousandths as %s', (tenThousandths, text) => {
    expect(formatTenThousandths(tenThousandths)).toBe(text);
  });
});

describe('weightedTotal (R17.1)', () => {
  it('totals 85.67, 90.33 and 78.11 at 60/30/10 as exactly 86.3120', () => {
    const total = weightedTotal(triple(parseScore(85.67), parseScore(90.33), parseScore(78.11)), WEIGHTS);

    expect(total).toBe(863_120);
    expect(formatTenThousandths(total)).toBe('86.3120');
  });
});

describe('gradeOf with the default bands (R17.1)', () => {
  // With weights 60/30/10 every total is a multiple of 10 ten-thousandths (0.001 point), so no triple of scores
  // lands on 89.9999; the closest total below 90 is 89.9990, from 90.00/90.00/89.99. Both are checked.
  it('grades a total of exactly 90.0000 (90/90/90) as excellent', () => {
    const total = weightedTotal(triple(9000, 9000, 9000), WEIGHTS);

    expect(total).toBe(900_000);
    expect(gradeOf(total, BANDS)).toBe('excellent');
  });

  it('grades 89.9999 as good', () => {
    expect(gradeOf(899_999, BANDS)).toBe('good');
  });

  it('grades 89.9990, the closest total below 90 (90.00/90.00/89.99), as good', () => {
    const total = weightedTotal(triple(9000, 9000, 8999), WEIGHTS);

    expect(total).toBe(899_990);
    expect(gradeOf(total, BANDS)).toBe('good');
  });

  it('grades exactly 80 as good', () => {
    expect(gradeOf(weightedTotal(triple(8000, 8000, 8000), WEIGHTS), BANDS)).toBe('good');
  });

  it('grades 79.9999 as qualified', () => {
    expect(gradeOf(799_999, BANDS)).toBe('qualified');
  });

  it('grades exactly 60 as qualified', () => {
    expect(gradeOf(weightedTotal(triple(6000, 6000, 6000), WEIGHTS), BANDS)).toBe('qualified');
  });

  it('grades 59.9999 and 59.9990 (60.00/60.00/59.99) as unqualified', () => {
    const total = weightedTotal(triple(6000, 6000, 5999), WEIGHTS);

    expect(total).toBe(599_990);
    expect([gradeOf(599_999, BANDS), gradeOf(total, BANDS)]).toEqual(['unqualified', 'unqualified']);
  });

  it("follows the policy's bands rather than fixed numbers", () => {
    expect(gradeOf(860_000, { excellent: 8500, good: 7500, qualified: 6000 })).toBe('excellent');
  });

  it('lets the operator continue when qualified or better, and not when unqualified (R19.1)', () => {
    expect([passes('excellent'), passes('good'), passes('qualified'), passes('unqualified')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('grades against an exact BigInt reference (property-based)', () => {
  const score = fc.integer({ min: 0, max: 10_000 });

  it('agrees with the reference on the total and the grade for any triple on the 0.01 grid', () => {
    fc.assert(
      fc.property(score, score, score, (t, d, s) => {
        const texts = textsOf(t, d, s);
        const exact = referenceTotal(texts);

        const { total, grade } = systemGrade(texts);

        expect(BigInt(total)).toBe(toTenThousandths(exact));
        expect(grade).toBe(referenceGrade(exact));
      }),
      { numRuns: 20_000 },
    );
  });

  /**
   * Triples whose exact total is on a band (60, 80 or 90) or one hundredth of the street score either side of it.
   * For a band B (hundredths) the street score that lands on it is 10B − 6t − 3d, always whole; t and d are drawn
   * from the ranges that keep it within 0…100.
   */
  const nearBoundary = fc
    .constantFrom(BANDS.qualified, BANDS.good, BANDS.excellent)
    .chain((band) =>
      fc.integer({ min: Math.max(0, Math.ceil((10 * band - 10_000 - 30_000) / 6)), max: 10_000 }).chain((t) =>
        fc
          .integer({
            min: Math.max(0, Math.ceil((10 * band - 10_000 - 6 * t) / 3)),
            max: Math.min(10_000, Math.floor((10 * band - 6 * t) / 3)),
          })
          .map((d) => ({ band, t, d, s: 10 * band - 6 * t - 3 * d })),
      ),
    )
    .chain((onBand) => fc.constantFrom(-1, 0, 1).map((nudge) => ({ ...onBand, nudge })))
    .filter(({ s, nudge }) => s + nudge >= 0 && s + nudge <= 10_000);

  it('agrees with the reference on and one hundredth either side of 60, 80 and 90', () => {
    const gradeAt: Record<number, Grade> = { 6000: 'qualified', 8000: 'good', 9000: 'excellent' };
    const gradeBelow: Record<number, Grade> = { 6000: 'unqualified', 8000: 'qualified', 9000: 'good' };

    fc.assert(
      fc.property(nearBoundary, ({ band, t, d, s, nudge }) => {
        const texts = textsOf(t, d, s + nudge);
        const exact = referenceTotal(texts);

        const { total, grade } = systemGrade(texts);

        expect(BigInt(total)).toBe(toTenThousandths(exact));
        expect(total - band * 100).toBe(10 * nudge);
        expect(grade).toBe(referenceGrade(exact));
        expect(grade).toBe(nudge < 0 ? gradeBelow[band] : gradeAt[band]);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('why scores are never floats (R17.1)', () => {
  it('grades as excellent a triple totalling exactly 90 that binary floating point puts just below 90', () => {
    // Search the 0.01 grid from 85 to 95 for a third-party and district score, solving the street score so that
    // the exact total is 90, until the naive float formula says "below 90".
    let found: ScoreTexts | undefined;
    search: for (let t = 8500; t <= 9500; t++) {
      for (let d = 8500; d <= 9500; d++) {
        const s = 90_000 - 6 * t - 3 * d;
        if (s < 8500 || s > 9500) continue;
        const texts = textsOf(t, d, s);
        const naive =
          0.6 * Number(texts.thirdParty) + 0.3 * Number(texts.district) + 0.1 * Number(texts.street);
        if (naive < 90) {
          found = texts;
          break search;
        }
      }
    }

    expect(found).toEqual({ thirdParty: '86.82', district: '94.74', street: '94.86' });
    if (!found) return;
    expect(0.6 * 86.82 + 0.3 * 94.74 + 0.1 * 94.86).toBe(89.99999999999999);
    expect(referenceGrade(referenceTotal(found))).toBe('excellent');
    expect(systemGrade(found)).toEqual({ total: 900_000, grade: 'excellent' });
  });
});

describe('GRADE_NAMES', () => {
  it('names the grades 优秀, 良好, 合格 and 不合格', () => {
    expect(GRADE_NAMES).toEqual({
      excellent: '优秀',
      good: '良好',
      qualified: '合格',
      unqualified: '不合格',
    });
  });
});
