import { DomainError, type FieldIssue } from '#shared/domain/errors';

/**
 * City-level funds to districts by factor allocation (因素分配法, R24.1), exactly.
 *
 * 1. **Factor shares.** For each factor a district's share is its value divided by the sum of that factor over all
 *    districts: contract totals (站点合同总额), fund performance (资金执行率), fiscal capacity (财力) and operation
 *    evaluation (运营评估). Fiscal capacity counts as `10000 − index`, so a district with a stronger treasury
 *    receives less. When a factor sums to 0 over all districts, nobody is distinguished by it and every district
 *    gets an equal share of it, so its weight is not lost.
 * 2. **Composite share.** Σ weight% × factor share; the composite shares of all districts add up to exactly 1.
 * 3. **Ideal amount.** pool × composite share.
 * 4. **Caps (市级分担比例).** The city pays at most its sharing ratio of a district's station costs, so a district
 *    never receives more than ⌊contract totals × ratio / 100⌋ fen. A district whose amount would exceed its cap
 *    gets its cap and the excess is shared among the districts still below theirs in proportion to their
 *    composite shares, repeated until no cap is exceeded. The result is the water-filling one: every district
 *    gets min(cap, λ × composite) for a single λ. Should the districts still below their caps all have a
 *    composite share of 0, they share the excess equally, the same convention as a factor that sums to 0. Only
 *    when every district is at its cap does money stay unallocated (it goes back to the city's pool).
 * 5. **Whole fen by the largest remainder method (最大余数法).** Every district first gets the whole fen of its
 *    exact amount; the fen left over go one each to the largest fractional remainders, ties broken by district
 *    code ascending, skipping a district that one more fen would push above its cap. The allocations then add up
 *    to the pool to the fen (or to the sum of the caps when all are capped).
 *
 * Every step is done on exact fractions of BigInts: binary floating point would make the shares miss the pool by
 * a fen now and then, and which district gets that fen must be decided by the rule, not by rounding noise.
 */
export const FACTORS = ['contractTotals', 'fundPerformance', 'fiscalCapacity', 'evaluation'] as const;
export type Factor = (typeof FACTORS)[number];
/** Integer percents summing to 100 (a policy parameter, R30.1). */
export type FactorWeights = Readonly<Record<Factor, number>>;

export const FACTOR_NAMES: Readonly<Record<Factor, string>> = {
  contractTotals: '站点合同总额',
  fundPerformance: '资金绩效',
  fiscalCapacity: '财力状况',
  evaluation: '运营评估',
};

/** The largest index value: basis points, 10000 = 100 %. */
export const MAX_BP = 10_000;

export interface DistrictFactors {
  /** 6-digit administrative division code. */
  readonly districtCode: string;
  /** The district's station contract totals for the year, integer fen ≥ 0. */
  readonly contractTotalsFen: number;
  /** Fund execution rate, basis points 0..10000 (R26.1). */
  readonly fundPerformanceBp: number;
  /** Fiscal capacity index 0..10000: stronger capacity gets less, so the factor uses 10000 − value. */
  readonly fiscalCapacityBp: number;
  /** Operation evaluation index 0..10000 (R26.1). */
  readonly evaluationBp: number;
  /** The city's share (0..100) of the district's station costs: the cap is ⌊contractTotalsFen × ratio / 100⌋. */
  readonly sharingRatioPercent: number;
}

export interface AllocationLine {
  readonly districtCode: string;
  /** Each factor's share of this district, exact fractions rendered with 6 decimals (for the explanation). */
  readonly factorShares: Readonly<Record<Factor, string>>;
  /** Σ weight × factor share, 6 decimals. */
  readonly compositeShare: string;
  /** pool × composite before caps, in fen with 4 decimals. */
  readonly idealFen: string;
  /** The exact amount after caps and redistribution, before rounding to whole fen, 4 decimals. */
  readonly exactFen: string;
  readonly capFen: number;
  /** The cap bound this district (after redistribution). */
  readonly capped: boolean;
  /** Integer fen. */
  readonly allocatedFen: number;
  /** 1-based position in the largest-remainder order, set only when the district received one extra fen. */
  readonly remainderRank?: number;
}

export interface AllocationResult {
  readonly poolFen: number;
  readonly weights: FactorWeights;
  /** Sorted by district code. */
  readonly lines: readonly AllocationLine[];
  /** Σ allocatedFen. */
  readonly allocatedFen: number;
  /** poolFen − allocatedFen; more than 0 only when every district is at its cap. */
  readonly unallocatedFen: number;
  /** A zh-CN sentence stating the method, the caps and the rounding rule. */
  readonly rule: string;
}

/**
 * A non-negative fraction n / d (d > 0), never reduced: nothing here needs lowest terms (comparisons cross-multiply,
 * rounding divides), and reducing costs a BigInt gcd per value.
 */
interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

const cmp = (a: Ratio, b: Ratio): number => {
  if (a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
/** ⌊x⌋ for x ≥ 0. */
const floor = (x: Ratio): bigint => x.n / x.d;
/** x − ⌊x⌋ for x ≥ 0. */
const fractionalPart = (x: Ratio): Ratio => ({ n: x.n % x.d, d: x.d });

/** x ≥ 0 rounded half up to `digits` decimals: 1/3 → "0.333333", 2/3 → "0.666667". */
const toFixed = (x: Ratio, digits: number): string => {
  const scale = 10n ** BigInt(digits);
  const scaled = (2n * x.n * scale + x.d) / (2n * x.d);
  const fraction = String(scaled % scale).padStart(digits, '0');
  return `${scaled / scale}.${fraction}`;
};

const isIndex = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= MAX_BP;
const DISTRICT_CODE = /^\d{6}$/;

const invalidInput = (errors: readonly FieldIssue[]): DomainError =>
  new DomainError('ALLOCATION_INPUT_INVALID', 422, '因素分配数据有误', undefined, { rule: 'R24.1', errors });

/** Weights are whole percents, none negative, adding up to exactly 100 (R24.1 "configurable weights"). */
export function checkWeights(weights: FactorWeights): void {
  const errors: FieldIssue[] = [];
  for (const key of Object.keys(weights)) {
    if (!(FACTORS as readonly string[]).includes(key))
      errors.push({ path: `weights.${key}`, message: '未知的分配因素' });
  }
  for (const factor of FACTORS) {
    const w = weights[factor];
    if (!Number.isInteger(w) || w < 0)
      errors.push({ path: `weights.${factor}`, message: `${FACTOR_NAMES[factor]}权重应为不小于 0 的整数` });
  }
  const total = FACTORS.reduce((n, f) => n + (Number.isInteger(weights[f]) ? weights[f] : 0), 0);
  if (errors.length === 0 && total !== 100)
    errors.push({ path: 'weights', message: `各因素权重合计应为 100%，现为 ${total}%` });
  if (errors.length > 0) {
    throw new DomainError('ALLOCATION_WEIGHTS_INVALID', 422, '因素权重设置有误', undefined, {
      rule: 'R24.1',
      errors,
    });
  }
}

function checkInput(poolFen: number, factors: readonly DistrictFactors[]): void {
  const errors: FieldIssue[] = [];
  if (!Number.isSafeInteger(poolFen) || poolFen < 0)
    errors.push({ path: 'poolFen', message: '资金池金额应为不小于 0 的整数（分）' });
  if (factors.length === 0) errors.push({ path: 'factors', message: '至少需要一个区县参与分配' });
  const seen = new Set<string>();
  factors.forEach((f, i) => {
    const at = (field: string) => `factors.${i}.${field}`;
    if (!DISTRICT_CODE.test(f.districtCode))
      errors.push({ path: at('districtCode'), message: '区划代码应为 6 位数字' });
    else if (seen.has(f.districtCode))
      errors.push({ path: at('districtCode'), message: `区划代码 ${f.districtCode} 重复` });
    seen.add(f.districtCode);
    if (!Number.isSafeInteger(f.contractTotalsFen) || f.contractTotalsFen < 0)
      errors.push({ path: at('contractTotalsFen'), message: '站点合同总额应为不小于 0 的整数（分）' });
    if (!isIndex(f.fundPerformanceBp))
      errors.push({ path: at('fundPerformanceBp'), message: '资金执行率应为 0–10000 的整数（万分比）' });
    if (!isIndex(f.fiscalCapacityBp))
      errors.push({ path: at('fiscalCapacityBp'), message: '财力指数应为 0–10000 的整数（万分比）' });
    if (!isIndex(f.evaluationBp))
      errors.push({ path: at('evaluationBp'), message: '运营评估指数应为 0–10000 的整数（万分比）' });
    if (!Number.isInteger(f.sharingRatioPercent) || f.sharingRatioPercent < 0 || f.sharingRatioPercent > 100)
      errors.push({ path: at('sharingRatioPercent'), message: '市级分担比例应为 0–100 的整数（百分比）' });
  });
  if (errors.length > 0) throw invalidInput(errors);
}

/** The value a factor counts for a district: fiscal capacity is reversed so that the stronger get less. */
const factorValue = (d: DistrictFactors, factor: Factor): bigint => {
  switch (factor) {
    case 'contractTotals':
      return BigInt(d.contractTotalsFen);
    case 'fundPerformance':
      return BigInt(d.fundPerformanceBp);
    case 'fiscalCapacity':
      return BigInt(MAX_BP - d.fiscalCapacityBp);
    case 'evaluation':
      return BigInt(d.evaluationBp);
  }
};

/** Each district's share of one factor; equal shares when the factor sums to 0. */
function factorShares(districts: readonly DistrictFactors[], factor: Factor): Ratio[] {
  const values = districts.map((d) => factorValue(d, factor));
  const total = values.reduce((n, v) => n + v, 0n);
  return total === 0n
    ? values.map(() => ({ n: 1n, d: BigInt(values.length) }))
    : values.map((v) => ({ n: v, d: total }));
}

/**
 * Step 4: the exact amount of each district after caps. Each round shares what is left of the pool among the
 * districts not yet capped, in proportion to their composite shares (equally if those are all 0), and caps every
 * district whose amount exceeds its cap; a round that caps nobody is the last. At most one round per district.
 *
 * The composite shares are numerators over one common denominator, so what is left (a whole number of fen: the
 * pool less whole-fen caps) divides among the open districts over one denominator too: every amount of a round is
 * `left × N_i / ΣN_open` (or `left / count`), exact, and no fraction is ever reduced or added to another.
 */
function fillUnderCaps(
  pool: bigint,
  numerators: readonly bigint[],
  caps: readonly bigint[],
): { amounts: Ratio[]; capped: boolean[]; total: bigint } {
  const capped = numerators.map(() => false);
  for (;;) {
    const open = numerators.flatMap((_, i) => (capped[i] ? [] : [i]));
    const left = caps.reduce((rest, cap, i) => (capped[i] ? rest - cap : rest), pool);
    const openSum = open.reduce((n, i) => n + (numerators[i] as bigint), 0n);
    const amounts = numerators.map(
      (n, i): Ratio =>
        capped[i]
          ? { n: caps[i] as bigint, d: 1n }
          : openSum === 0n
            ? { n: left, d: BigInt(open.length) }
            : { n: left * n, d: openSum },
    );
    const over = open.filter((i) => {
      const a = amounts[i] as Ratio;
      return a.n > (caps[i] as bigint) * a.d;
    });
    if (over.length === 0 || open.length === 0) {
      // The exact amounts add up to the pool while a district is open, to the caps once all are capped.
      const capSum = caps.reduce((sum, cap, i) => (capped[i] ? sum + cap : sum), 0n);
      return { amounts, capped, total: open.length > 0 ? capSum + left : capSum };
    }
    for (const i of over) capped[i] = true;
  }
}

const formatPercentWeights = (weights: FactorWeights): string =>
  FACTORS.map((f) => `${FACTOR_NAMES[f]} ${weights[f]}%`).join('、');

const ruleText = (weights: FactorWeights, allocatedFen: number, unallocatedFen: number): string =>
  `按因素分配法（R24.1）分配市级资金：各因素份额为本区因素值占各区合计之比（财力因素取 10000 减财力指数，财力越强分得越少；` +
  `某因素各区合计为 0 时各区均分），综合份额为各因素份额按权重（${formatPercentWeights(weights)}）加权之和，` +
  `理想分配额为资金池乘以综合份额；各区分配额不超过其站点合同总额乘以市级分担比例（向下取整到分），` +
  `超出部分按其余未达上限各区的综合份额比例再分配，直至无区超出上限；` +
  `最后按最大余数法取整到分：各区先取整数部分，剩余的分按小数部分从大到小每区补 1 分，小数部分相同时按区划代码升序，` +
  `补 1 分将超过上限的区跳过。共分配 ${allocatedFen} 分` +
  (unallocatedFen > 0 ? `，各区均已达上限，${unallocatedFen} 分未分配。` : '，与资金池相符。');

/**
 * Allocates `poolFen` among the districts by the method above. Validates the weights and every input first and
 * reports all broken rules at once. Σ allocatedFen + unallocatedFen === poolFen, exactly.
 */
export function allocate(
  poolFen: number,
  factors: readonly DistrictFactors[],
  weights: FactorWeights,
): AllocationResult {
  checkWeights(weights);
  checkInput(poolFen, factors);
  const districts = [...factors].sort((a, b) => (a.districtCode < b.districtCode ? -1 : 1));

  const shares = Object.fromEntries(FACTORS.map((f) => [f, factorShares(districts, f)])) as Record<
    Factor,
    Ratio[]
  >;
  // The composite share of each district over one common denominator D = 100 × Π (factor totals).
  const values = FACTORS.map((f) => districts.map((d) => factorValue(d, f)));
  const totals = values.map((vs) => vs.reduce((n, v) => n + v, 0n));
  const scaledTotals = totals.map((t) => (t === 0n ? BigInt(districts.length) : t));
  const product = scaledTotals.reduce((n, t) => n * t, 1n);
  const numerators = districts.map((_, i) =>
    FACTORS.reduce((n, f, k) => {
      const v = (totals[k] as bigint) === 0n ? 1n : (values[k]?.[i] as bigint);
      return n + BigInt(weights[f]) * v * (product / (scaledTotals[k] as bigint));
    }, 0n),
  );
  const denominator = 100n * product;
  const composite = numerators.map((n): Ratio => ({ n, d: denominator }));
  const caps = districts.map((d) => (BigInt(d.contractTotalsFen) * BigInt(d.sharingRatioPercent)) / 100n);
  const { amounts, capped, total } = fillUnderCaps(BigInt(poolFen), numerators, caps);

  // Step 5: whole fen, then the leftover fen by largest remainder, ties by district code (the index order).
  // The exact amounts add up to a whole number of fen (the pool, or the caps), so the leftover is a whole
  // number smaller than the count of districts with a remainder. Such a district's exact amount is below its
  // whole-fen cap, so one more fen always fits; the skip only guards the rule as written.
  const allocated = amounts.map(floor);
  let leftover = total - allocated.reduce((n, a) => n + a, 0n);
  const remainders = amounts.map(fractionalPart);
  const order = districts
    .map((_, i) => i)
    .sort((a, b) => cmp(remainders[b] as Ratio, remainders[a] as Ratio) || a - b);
  const rank = new Map<number, number>();
  for (const [position, i] of order.entries()) {
    if (leftover === 0n) break;
    if ((allocated[i] as bigint) + 1n > (caps[i] as bigint)) continue;
    allocated[i] = (allocated[i] as bigint) + 1n;
    rank.set(i, position + 1);
    leftover -= 1n;
  }

  const lines = districts.map((d, i): AllocationLine => {
    const remainderRank = rank.get(i);
    return {
      districtCode: d.districtCode,
      factorShares: Object.fromEntries(FACTORS.map((f) => [f, toFixed(shares[f][i] as Ratio, 6)])) as Record<
        Factor,
        string
      >,
      compositeShare: toFixed(composite[i] as Ratio, 6),
      idealFen: toFixed({ n: BigInt(poolFen) * (composite[i] as Ratio).n, d: denominator }, 4),
      exactFen: toFixed(amounts[i] as Ratio, 4),
      capFen: Number(caps[i]),
      capped: capped[i] === true,
      allocatedFen: Number(allocated[i]),
      ...(remainderRank === undefined ? {} : { remainderRank }),
    };
  });
  const allocatedFen = lines.reduce((n, l) => n + l.allocatedFen, 0);
  const unallocatedFen = poolFen - allocatedFen;
  return {
    poolFen,
    weights,
    lines,
    allocatedFen,
    unallocatedFen,
    rule: ruleText(weights, allocatedFen, unallocatedFen),
  };
}
