import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import { parseScore } from '#shared/domain/evaluation/scoring';
import {
  checkTemplate,
  DEFAULT_TEMPLATE_PARTS,
  indicatorKeys,
  sumIndicators,
  type TemplatePart,
} from '#shared/domain/evaluation/template';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

const messages = (error: DomainError): string[] => (error.extras.errors ?? []).map((e) => e.message);

/** The default template with one indicator's maximum changed by `delta` hundredths. */
const withMaximumShifted = (partKey: string, indicatorKey: string, delta: number): TemplatePart[] =>
  DEFAULT_TEMPLATE_PARTS.map((part) => ({
    ...part,
    indicators: part.indicators.map((i) =>
      part.key === partKey && i.key === indicatorKey ? { ...i, maxHundredths: i.maxHundredths + delta } : i,
    ),
  }));

/** Every indicator of the default template at its maximum. */
const fullMarks = (): Record<string, number> =>
  Object.fromEntries(
    DEFAULT_TEMPLATE_PARTS.flatMap((p) => p.indicators.map((i) => [`${p.key}.${i.key}`, i.maxHundredths])),
  );

describe('DEFAULT_TEMPLATE_PARTS (R16.2)', () => {
  it('has the five parts of Jinan’s published evaluations, in order', () => {
    expect(DEFAULT_TEMPLATE_PARTS.map((p) => p.name)).toEqual([
      '行政管理',
      '财务管理',
      '服务执行与产出',
      '社会评价',
      '宣传创新',
    ]);
  });

  it('passes checkTemplate: unique keys, maxima adding up to 100', () => {
    expect(() => checkTemplate(DEFAULT_TEMPLATE_PARTS)).not.toThrow();
  });

  it('gives every indicator a name, guidance and points', () => {
    const indicators = DEFAULT_TEMPLATE_PARTS.flatMap((p) => p.indicators);

    expect(indicators.filter((i) => !i.name || !i.guidance || i.maxHundredths <= 0)).toEqual([]);
  });
});

describe('checkTemplate (R16.2)', () => {
  it('refuses maxima adding up to 99.99, naming the total', () => {
    const error = refusal(() => checkTemplate(withMaximumShifted('finance', 'use', -1)));

    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(messages(error)).toEqual(['各指标分值合计 99.99 分，应为 100 分']);
  });

  it('refuses maxima adding up to 100.01, naming the total', () => {
    const error = refusal(() => checkTemplate(withMaximumShifted('delivery', 'tasks', 1)));

    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(messages(error)).toEqual(['各指标分值合计 100.01 分，应为 100 分']);
  });

  it('refuses two parts with the same key', () => {
    // 宣传创新 split into two parts that share a key: the total stays 100, only the key is wrong.
    const publicity = DEFAULT_TEMPLATE_PARTS.find((p) => p.key === 'publicity');
    if (!publicity) throw new Error('the default template has a publicity part');
    const parts: TemplatePart[] = [
      ...DEFAULT_TEMPLATE_PARTS.filter((p) => p !== publicity),
      { ...publicity, indicators: publicity.indicators.slice(0, 1) },
      { ...publicity, name: '创新', indicators: publicity.indicators.slice(1) },
    ];

    const error = refusal(() => checkTemplate(parts));

    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.extras.errors).toEqual([{ path: 'body.parts.5.key', message: '部分标识 publicity 重复' }]);
  });

  it('refuses two indicators with the same key in one part', () => {
    const parts = DEFAULT_TEMPLATE_PARTS.map((p) =>
      p.key === 'publicity' ? { ...p, indicators: p.indicators.map((i) => ({ ...i, key: 'outreach' })) } : p,
    );

    const error = refusal(() => checkTemplate(parts));

    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.extras.errors).toEqual([
      { path: 'body.parts.4.indicators.1.key', message: '指标标识 publicity.outreach 重复' },
    ]);
  });

  it('allows an indicator key that another part also uses', () => {
    // 宣传创新's indicators take 行政管理's keys: publicity.systems is not administration.systems.
    const parts = DEFAULT_TEMPLATE_PARTS.map((p) =>
      p.key === 'publicity'
        ? { ...p, indicators: p.indicators.map((i, n) => ({ ...i, key: n === 0 ? 'systems' : 'staffing' })) }
        : p,
    );

    expect(() => checkTemplate(parts)).not.toThrow();
  });
});

describe('indicatorKeys', () => {
  it('lists each indicator as part.indicator', () => {
    expect(indicatorKeys(DEFAULT_TEMPLATE_PARTS)).toEqual([
      'administration.systems',
      'administration.staffing',
      'administration.archives',
      'finance.ledger',
      'finance.use',
      'delivery.tasks',
      'delivery.quality',
      'delivery.reports',
      'social.satisfaction',
      'social.community',
      'publicity.outreach',
      'publicity.innovation',
    ]);
  });
});

describe('sumIndicators (R16.2)', () => {
  it('gives 100 points when every indicator is at its maximum', () => {
    expect(sumIndicators(DEFAULT_TEMPLATE_PARTS, fullMarks())).toBe(10_000);
  });

  it('adds a realistic set of points exactly to 87.35', () => {
    const typed: Record<string, number> = {
      'administration.systems': 4.5,
      'administration.staffing': 4.8,
      'administration.archives': 4.25,
      'finance.ledger': 7.5,
      'finance.use': 6.8,
      'delivery.tasks': 17.5,
      'delivery.quality': 13,
      'delivery.reports': 9.5,
      'social.satisfaction': 8.75,
      'social.community': 4.5,
      'publicity.outreach': 3.75,
      'publicity.innovation': 2.5,
    };
    const scores = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, parseScore(v)]));

    expect(sumIndicators(DEFAULT_TEMPLATE_PARTS, scores)).toBe(8735);
  });

  it('refuses a set with an indicator missing, naming it in Chinese', () => {
    const { 'finance.use': _missing, ...scores } = fullMarks();

    const error = refusal(() => sumIndicators(DEFAULT_TEMPLATE_PARTS, scores));

    expect(error.code).toBe('INDICATOR_SCORES_INVALID');
    expect(error.extras.errors).toEqual([
      { path: 'body.indicators.finance.use', message: '缺少「资金使用」的得分' },
    ]);
  });

  it('refuses points above an indicator’s maximum', () => {
    const scores = { ...fullMarks(), 'finance.use': 701 };

    const error = refusal(() => sumIndicators(DEFAULT_TEMPLATE_PARTS, scores));

    expect(error.code).toBe('INDICATOR_SCORES_INVALID');
    expect(error.extras.errors).toEqual([
      { path: 'body.indicators.finance.use', message: '「资金使用」最高 7.00 分' },
    ]);
  });

  it('refuses an indicator the template does not have', () => {
    const scores = { ...fullMarks(), 'finance.bonus': 100 };

    const error = refusal(() => sumIndicators(DEFAULT_TEMPLATE_PARTS, scores));

    expect(error.code).toBe('INDICATOR_SCORES_INVALID');
    expect(error.extras.errors).toEqual([
      { path: 'body.indicators.finance.bonus', message: '模板中没有这个指标' },
    ]);
  });
});
