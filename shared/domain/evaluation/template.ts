import { DomainError, type FieldIssue } from '#shared/domain/errors';
import { formatHundredths, type Hundredths, MAX_SCORE_HUNDREDTHS } from './scoring';

/**
 * The evaluation standard (附件3《济南市街道（镇）社会工作服务站运营评估标准》, R16.2): parts holding indicators with
 * their maximum points and guidance, adding up to 100. The city keeps it as versions; an evaluation keeps the
 * version it was commissioned with.
 */
export interface Indicator {
  readonly key: string;
  readonly name: string;
  readonly maxHundredths: Hundredths;
  readonly guidance: string;
}

export interface TemplatePart {
  readonly key: string;
  readonly name: string;
  readonly indicators: readonly Indicator[];
}

export interface IndicatorTemplate {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly basis: string;
  readonly parts: readonly TemplatePart[];
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * The default parts as Jinan's published evaluations use them, covering Art. 16's 项目管理、服务绩效、经费使用. The
 * points within each part are an assumption (附件3 is not published with the text); the city edits them.
 */
export const DEFAULT_TEMPLATE_PARTS: readonly TemplatePart[] = [
  {
    key: 'administration',
    name: '行政管理',
    indicators: [
      {
        key: 'systems',
        name: '制度建设',
        maxHundredths: 500,
        guidance: '人事、财务、志愿者、场地使用、档案管理等制度健全并执行',
      },
      {
        key: 'staffing',
        name: '人员配备与管理',
        maxHundredths: 500,
        guidance: '社工配备符合合同约定，持证比例，考勤与培训记录',
      },
      {
        key: 'archives',
        name: '档案管理',
        maxHundredths: 500,
        guidance: '个案、小组、社区活动等服务档案完整规范',
      },
    ],
  },
  {
    key: 'finance',
    name: '财务管理',
    indicators: [
      { key: 'ledger', name: '专账管理', maxHundredths: 800, guidance: '项目资金专账核算，支出凭证齐全' },
      {
        key: 'use',
        name: '资金使用',
        maxHundredths: 700,
        guidance: '按预算和合同约定的三类经费使用，无挤占挪用',
      },
    ],
  },
  {
    key: 'delivery',
    name: '服务执行与产出',
    indicators: [
      { key: 'tasks', name: '任务完成情况', maxHundredths: 2000, guidance: '对照项目任务书的指标完成率' },
      { key: 'quality', name: '服务质量', maxHundredths: 1500, guidance: '专业方法运用、服务记录与督导' },
      { key: 'reports', name: '报告报送', maxHundredths: 1000, guidance: '月度简报、中期和终期报告按时报送' },
    ],
  },
  {
    key: 'social',
    name: '社会评价',
    indicators: [
      { key: 'satisfaction', name: '服务对象满意度', maxHundredths: 1000, guidance: '抽样回访的满意度' },
      {
        key: 'community',
        name: '街道社区评价',
        maxHundredths: 500,
        guidance: '街道办事处、社区居委会的评价',
      },
    ],
  },
  {
    key: 'publicity',
    name: '宣传创新',
    indicators: [
      { key: 'outreach', name: '宣传报道', maxHundredths: 500, guidance: '服务成效的宣传与信息报送' },
      { key: 'innovation', name: '特色创新', maxHundredths: 500, guidance: '特色服务品牌与创新做法' },
    ],
  },
];

/** Keys are unique, every indicator has points, and the maxima add up to exactly 100. */
export function checkTemplate(parts: readonly TemplatePart[]): void {
  const errors: FieldIssue[] = [];
  const seen = new Set<string>();
  parts.forEach((part, p) => {
    if (seen.has(part.key))
      errors.push({ path: `body.parts.${p}.key`, message: `部分标识 ${part.key} 重复` });
    seen.add(part.key);
    part.indicators.forEach((indicator, i) => {
      const key = `${part.key}.${indicator.key}`;
      if (!Number.isInteger(indicator.maxHundredths) || indicator.maxHundredths <= 0) {
        errors.push({
          path: `body.parts.${p}.indicators.${i}.maxPoints`,
          message: `指标「${indicator.name}」须有分值`,
        });
      }
      if (seen.has(key))
        errors.push({ path: `body.parts.${p}.indicators.${i}.key`, message: `指标标识 ${key} 重复` });
      seen.add(key);
    });
  });
  const total = parts.flatMap((p) => p.indicators).reduce((sum, i) => sum + i.maxHundredths, 0);
  if (total !== MAX_SCORE_HUNDREDTHS) {
    errors.push({ path: 'body.parts', message: `各指标分值合计 ${formatHundredths(total)} 分，应为 100 分` });
  }
  if (errors.length > 0) {
    throw new DomainError('TEMPLATE_INVALID', 422, '评估指标模板不一致', undefined, {
      rule: 'R16.2',
      errors,
    });
  }
}

/** An indicator's full key: `part.indicator`. */
export const indicatorKeys = (parts: readonly TemplatePart[]): string[] =>
  parts.flatMap((p) => p.indicators.map((i) => `${p.key}.${i.key}`));

/**
 * The third party's score: every indicator of the template scored, none above its maximum, nothing unknown;
 * the sum is the score out of 100.
 */
export function sumIndicators(
  parts: readonly TemplatePart[],
  scores: Readonly<Record<string, Hundredths>>,
): Hundredths {
  const errors: FieldIssue[] = [];
  const maxima = new Map<string, Indicator>(
    parts.flatMap((p) => p.indicators.map((i): [string, Indicator] => [`${p.key}.${i.key}`, i])),
  );
  for (const key of Object.keys(scores)) {
    if (!maxima.has(key)) errors.push({ path: `body.indicators.${key}`, message: '模板中没有这个指标' });
  }
  let sum = 0;
  for (const [key, indicator] of maxima) {
    const value = scores[key];
    if (value === undefined)
      errors.push({ path: `body.indicators.${key}`, message: `缺少「${indicator.name}」的得分` });
    else if (value > indicator.maxHundredths) {
      errors.push({
        path: `body.indicators.${key}`,
        message: `「${indicator.name}」最高 ${formatHundredths(indicator.maxHundredths)} 分`,
      });
    } else sum += value;
  }
  if (errors.length > 0) {
    throw new DomainError('INDICATOR_SCORES_INVALID', 422, '指标得分不完整或超出分值', undefined, {
      rule: 'R16.2',
      errors,
    });
  }
  return sum;
}
