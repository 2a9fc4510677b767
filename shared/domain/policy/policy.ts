import * as z from 'zod';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import {
  NON_WORKING_DUE_DATE_RULES,
  type NonWorkingDueDateRule,
} from '#shared/domain/calendar/due-date-rules';
import { DomainError } from '#shared/domain/errors';

/**
 * The rules' parameters as a versioned policy (R30.1): weights, grade bands, periods, deadlines and retention.
 * Rules never hard-code these numbers; they read the version in force on the date that matters. Percentages are
 * integers, scores and areas are hundredths, periods are working days unless the name says otherwise.
 */
/** Default report templates (assumption: the regulation names the reports, not their sections). */
export const DEFAULT_REPORT_TEMPLATES = {
  monthly_brief: ['本月服务开展情况', '服务成效', '存在问题', '下月工作计划'],
  midterm: ['项目基本情况', '服务开展情况', '服务成效', '经费使用情况', '存在问题', '下阶段工作计划'],
  final: ['项目基本情况', '服务开展情况', '服务成效', '经费使用情况', '经验总结', '存在问题及建议'],
  annual_district: ['社工站建设情况', '运营情况', '存在问题', '下一步工作安排'],
  evaluation_report: ['评估概况', '评估方法', '评估结果', '存在问题', '改进建议'],
};

/** A code of a policy list with its name as people read it. */
const PolicyCode = z.strictObject({
  code: z.string().regex(/^[a-z_]{1,64}$/),
  name: z.string().min(1).max(40),
});

/**
 * Default lists of the recipients' register (assumption: the regulation names 服务对象建档 as a service archive,
 * R10.2, and leaves the categories to the city; these follow the groups Jinan's stations serve).
 */
export const DEFAULT_RECIPIENT_LISTS = {
  categories: [
    { code: 'children_in_difficulty', name: '困境儿童' },
    { code: 'left_behind_children', name: '留守儿童' },
    { code: 'left_behind_elderly', name: '留守老人' },
    { code: 'elderly_living_alone', name: '独居老人' },
    { code: 'disabled', name: '残疾人' },
    { code: 'subsistence_allowance', name: '低保对象' },
    { code: 'extreme_poverty', name: '特困人员' },
    { code: 'other', name: '其他' },
  ],
  needsAreas: [
    { code: 'daily_care', name: '生活照料' },
    { code: 'psychological_support', name: '心理支持' },
    { code: 'social_integration', name: '社会融入' },
    { code: 'education', name: '教育支持' },
    { code: 'employment', name: '就业帮扶' },
    { code: 'health_rehabilitation', name: '医疗康复' },
    { code: 'policy_linkage', name: '政策链接' },
    { code: 'family_relations', name: '家庭关系' },
    { code: 'other', name: '其他' },
  ],
};

export const PolicyParametersSchema = z
  .strictObject({
    evaluation: z.strictObject({
      /** R17.1: 第三方 60 %, 区县民政 30 %, 街道 10 %. */
      weightsPercent: z.strictObject({
        thirdParty: z.number().int().min(0).max(100),
        district: z.number().int().min(0).max(100),
        street: z.number().int().min(0).max(100),
      }),
      /** R17.1 lower bounds in hundredths: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60. */
      gradeBandsHundredths: z.strictObject({
        excellent: z.number().int().min(0).max(10000),
        good: z.number().int().min(0).max(10000),
        qualified: z.number().int().min(0).max(10000),
      }),
      /** R16.1: the window opens this many months before the service year ends. */
      windowMonthsBeforeYearEnd: z.number().int().min(0).max(12),
      /**
       * R16.1 alerts, in working days: this many before the window opens (commission a third party), and this many
       * after it opened with nothing commissioned. Versions stored before these existed get the defaults.
       */
      alerts: z
        .strictObject({
          beforeWindowWorkingDays: z.number().int().min(1).max(60),
          uncommissionedAfterWorkingDays: z.number().int().min(1).max(60),
        })
        .default({ beforeWindowWorkingDays: 10, uncommissionedAfterWorkingDays: 5 }),
    }),
    publicity: z.strictObject({ minWorkingDays: z.number().int().min(1).max(60) }),
    keyDomains: z.strictObject({ min: z.number().int().min(1).max(6), max: z.number().int().min(1).max(6) }),
    site: z.strictObject({ officeAreaPerWorkerMinHundredthsM2: z.number().int().min(0).max(100000) }),
    reports: z.strictObject({
      monthlyBriefDueDayOfNextMonth: z.number().int().min(1).max(28),
      midtermWorkingDaysAfterMidpoint: z.number().int().min(0).max(60),
      finalWorkingDaysAfterEnd: z.number().int().min(0).max(60),
      remindWorkingDaysBefore: z.array(z.number().int().min(1).max(30)).max(5),
      remindWorkingDaysAfter: z.array(z.number().int().min(1).max(30)).max(5),
      maxUploadBytes: z.number().int().min(1024).max(104857600),
    }),
    annualReport: z.strictObject({
      /** R20.1 before the end of November: the last day to submit, as MM-DD. */
      dueMonthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
      remindWorkingDaysBefore: z.array(z.number().int().min(1).max(30)).max(5),
    }),
    complaints: z.strictObject({
      acknowledgeWorkingDays: z.number().int().min(1).max(30),
      resolveWorkingDays: z.number().int().min(1).max(90),
    }),
    handover: z.strictObject({ workingDays: z.number().int().min(1).max(90) }),
    supervision: z.strictObject({ sessionsPerWorkerPerMonth: z.number().int().min(0).max(10) }),
    /** R8.1: task categories that belong to the street office's own staff and may not be put on the station. */
    taskBook: z
      .strictObject({ prohibitedCategories: z.array(z.string().regex(/^[a-z_]{1,64}$/)).max(50) })
      .default({
        prohibitedCategories: ['confidential_matters', 'administrative_acts', 'street_office_duties'],
      }),
    /**
     * R9.4: the section headings each report type must contain (a template is policy data the city edits).
     * Versions stored before templates existed get the defaults.
     */
    reportTemplates: z
      .strictObject({
        monthly_brief: z.array(z.string().min(1).max(40)).max(20),
        midterm: z.array(z.string().min(1).max(40)).max(20),
        final: z.array(z.string().min(1).max(40)).max(20),
        annual_district: z.array(z.string().min(1).max(40)).max(20),
        evaluation_report: z
          .array(z.string().min(1).max(40))
          .max(20)
          .default(['评估概况', '评估方法', '评估结果', '存在问题', '改进建议']),
      })
      .default(() => DEFAULT_REPORT_TEMPLATES),
    /** R24.1 factor allocation weights (integer percents); versions stored before them get the defaults. */
    funds: z
      .strictObject({
        allocationWeights: z.strictObject({
          contractTotals: z.number().int().min(0).max(100),
          fundPerformance: z.number().int().min(0).max(100),
          fiscalCapacity: z.number().int().min(0).max(100),
          evaluation: z.number().int().min(0).max(100),
        }),
      })
      .default({
        allocationWeights: { contractTotals: 40, fundPerformance: 20, fiscalCapacity: 20, evaluation: 20 },
      }),
    /**
     * Issue 18: what a due date that falls on a non-working day becomes, for every computed deadline (reports,
     * complaints, handover, rectification). Versions stored before it existed get the default, the next working day.
     */
    deadlines: z
      .strictObject({ nonWorkingDueDate: z.enum(NON_WORKING_DUE_DATE_RULES) })
      .default({ nonWorkingDueDate: 'next_working_day' }),
    /**
     * Issue 19: the service recipients' register (服务对象建档): the categories a recipient is filed under and the
     * needs areas of an assessment, each a stable code and its Chinese name. Versions stored before it existed get
     * the defaults.
     */
    recipients: z
      .strictObject({
        categories: z.array(PolicyCode).min(1).max(30),
        needsAreas: z.array(PolicyCode).min(1).max(30),
      })
      .default(() => DEFAULT_RECIPIENT_LISTS),
    retention: z.strictObject({
      accountingYears: z.number().int().min(1).max(100),
      annualFinancialReportPermanent: z.boolean(),
      evaluationMaterialYears: z.number().int().min(5).max(100),
    }),
  })
  .superRefine((p, ctx) => {
    const w = p.evaluation.weightsPercent;
    if (w.thirdParty + w.district + w.street !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluation', 'weightsPercent'],
        message: '三方权重之和应为 100',
      });
    }
    const b = p.evaluation.gradeBandsHundredths;
    if (!(b.excellent > b.good && b.good > b.qualified)) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluation', 'gradeBandsHundredths'],
        message: '等级分数线应满足 优秀 > 良好 > 合格',
      });
    }
    const f = p.funds?.allocationWeights;
    if (f && f.contractTotals + f.fundPerformance + f.fiscalCapacity + f.evaluation !== 100) {
      ctx.addIssue({ code: 'custom', path: ['funds', 'allocationWeights'], message: '因素权重之和应为 100' });
    }
    if (p.keyDomains.min > p.keyDomains.max) {
      ctx.addIssue({ code: 'custom', path: ['keyDomains'], message: '重点服务领域下限不得大于上限' });
    }
  });

export type PolicyParameters = z.infer<typeof PolicyParametersSchema>;

/** REQUIREMENTS' defaults; the regulation where it speaks, documented assumptions where it is silent. */
export const DEFAULT_POLICY_PARAMETERS: PolicyParameters = {
  evaluation: {
    weightsPercent: { thirdParty: 60, district: 30, street: 10 },
    gradeBandsHundredths: { excellent: 9000, good: 8000, qualified: 6000 },
    windowMonthsBeforeYearEnd: 1,
    alerts: { beforeWindowWorkingDays: 10, uncommissionedAfterWorkingDays: 5 },
  },
  publicity: { minWorkingDays: 5 },
  keyDomains: { min: 2, max: 3 },
  site: { officeAreaPerWorkerMinHundredthsM2: 500 },
  reports: {
    monthlyBriefDueDayOfNextMonth: 5,
    midtermWorkingDaysAfterMidpoint: 10,
    finalWorkingDaysAfterEnd: 15,
    remindWorkingDaysBefore: [5, 2],
    remindWorkingDaysAfter: [2],
    maxUploadBytes: 20 * 1024 * 1024,
  },
  annualReport: { dueMonthDay: '11-30', remindWorkingDaysBefore: [10, 5, 2] },
  complaints: { acknowledgeWorkingDays: 1, resolveWorkingDays: 15 },
  handover: { workingDays: 30 },
  supervision: { sessionsPerWorkerPerMonth: 1 },
  taskBook: { prohibitedCategories: ['confidential_matters', 'administrative_acts', 'street_office_duties'] },
  reportTemplates: DEFAULT_REPORT_TEMPLATES,
  funds: {
    allocationWeights: { contractTotals: 40, fundPerformance: 20, fiscalCapacity: 20, evaluation: 20 },
  },
  deadlines: { nonWorkingDueDate: 'next_working_day' },
  recipients: DEFAULT_RECIPIENT_LISTS,
  retention: { accountingYears: 30, annualFinancialReportPermanent: true, evaluationMaterialYears: 5 },
};

/** A version of the policy with its validity range (inclusive; open-ended when validTo is absent). */
export interface PolicyVersion {
  readonly id: string;
  readonly name: string;
  /** The legal or administrative basis, e.g. the document number. */
  readonly basis: string;
  readonly validFrom: IsoDate;
  readonly validTo?: IsoDate;
  readonly parameters: PolicyParameters;
  readonly version: number;
  readonly createdAt: string;
}

/** The regulation's own version: in force 2021-03-08 to 2023-03-07 (第三十条). */
export const REGULATION_POLICY_ID = 'jinan-2021-trial';
export const REGULATION_POLICY: Omit<PolicyVersion, 'createdAt'> = {
  id: REGULATION_POLICY_ID,
  name: '济南市社会工作服务站管理办法（试行）',
  basis: '济南市民政局、济南市财政局 2021-03-08 印发；第三十条：自2021年3月8日起施行，有效期至2023年3月7日',
  validFrom: '2021-03-08',
  validTo: '2023-03-07',
  parameters: DEFAULT_POLICY_PARAMETERS,
  version: 1,
};

const covers = (v: Pick<PolicyVersion, 'validFrom' | 'validTo'>, date: IsoDate): boolean =>
  compareDates(v.validFrom, date) <= 0 && (v.validTo === undefined || compareDates(date, v.validTo) <= 0);

export interface ResolvedPolicy {
  readonly version: PolicyVersion;
  /** Set when no version is in force on the date: the nearest version was applied instead. */
  readonly warning?: { readonly code: 'NO_POLICY_IN_FORCE'; readonly message: string };
}

/**
 * The version in force on `date` (R30.1). When none covers the date, the most recent version that started
 * before it (or else the earliest) is applied and the result carries a warning, so a rule still answers but
 * never silently.
 */
export function resolvePolicy(versions: readonly PolicyVersion[], date: IsoDate): ResolvedPolicy {
  const inForce = versions.find((v) => covers(v, date));
  if (inForce) return { version: inForce };
  const sorted = [...versions].sort((a, b) => compareDates(a.validFrom, b.validFrom));
  const earlier = sorted.filter((v) => compareDates(v.validFrom, date) <= 0);
  const fallback = earlier[earlier.length - 1] ?? sorted[0];
  if (!fallback)
    throw new DomainError(
      'NO_POLICY',
      500,
      '未配置任何政策参数版本',
      '系统中没有任何政策参数版本；请联系系统管理员初始化政策参数。',
    );
  return {
    version: fallback,
    warning: {
      code: 'NO_POLICY_IN_FORCE',
      message: `${date} 无有效政策版本，暂按「${fallback.name}」（${fallback.validFrom} 至 ${fallback.validTo ?? '长期'}）参数执行`,
    },
  };
}

/**
 * Where a new version goes among the existing ones: it may not overlap a bounded version; an open-ended version
 * that started earlier is closed the day before the new one starts (returned as `closes`).
 */
export function planNewVersion(
  existing: readonly PolicyVersion[],
  candidate: Pick<PolicyVersion, 'validFrom' | 'validTo'>,
): { closes?: PolicyVersion } {
  if (candidate.validTo !== undefined && compareDates(candidate.validTo, candidate.validFrom) < 0) {
    throw new DomainError(
      'POLICY_RANGE_INVALID',
      422,
      '有效期截止日期早于起始日期',
      '有效期截止日期（validTo）不得早于起始日期（validFrom）。',
      {
        rule: 'R30.1',
      },
    );
  }
  let closes: PolicyVersion | undefined;
  for (const v of existing) {
    const overlaps =
      (candidate.validTo === undefined || compareDates(v.validFrom, candidate.validTo) <= 0) &&
      (v.validTo === undefined || compareDates(candidate.validFrom, v.validTo) <= 0);
    if (!overlaps) continue;
    if (v.validTo === undefined && compareDates(v.validFrom, candidate.validFrom) < 0 && !closes) {
      closes = v;
      continue;
    }
    throw new DomainError(
      'POLICY_OVERLAP',
      409,
      '政策版本有效期重叠',
      `与政策版本「${v.name}」的有效期（${v.validFrom} 至 ${v.validTo ?? '长期'}）重叠，请调整生效日期，或先为该版本设定截止日期。`,
      { rule: 'R30.1' },
    );
  }
  return closes ? { closes: { ...closes, validTo: addDays(candidate.validFrom, -1) } } : {};
}

/** R8.1 prohibited task categories of a version; versions stored before the list existed get the defaults. */
export const prohibitedTaskCategories = (parameters: PolicyParameters): readonly string[] =>
  parameters.taskBook?.prohibitedCategories ?? DEFAULT_POLICY_PARAMETERS.taskBook.prohibitedCategories;

/** R9.4 required headings of a report type; versions stored before templates existed get the defaults. */
export const reportTemplate = (
  parameters: PolicyParameters,
  kind: keyof typeof DEFAULT_REPORT_TEMPLATES,
): readonly string[] =>
  (parameters.reportTemplates ?? DEFAULT_REPORT_TEMPLATES)[kind] ?? DEFAULT_REPORT_TEMPLATES[kind];

/** R16.1 alert offsets of a version; versions stored before they existed get the defaults. */
export const evaluationAlerts = (parameters: PolicyParameters) =>
  parameters.evaluation.alerts ?? DEFAULT_POLICY_PARAMETERS.evaluation.alerts;

/** R24.1 allocation weights of a version; versions stored before they existed get the defaults. */
export const allocationWeights = (parameters: PolicyParameters) =>
  (parameters.funds ?? DEFAULT_POLICY_PARAMETERS.funds).allocationWeights;

/** Issue 18: the rule for a due date on a non-working day; versions stored before it existed get the default. */
export const nonWorkingDueDateRule = (parameters: PolicyParameters): NonWorkingDueDateRule =>
  (parameters.deadlines ?? DEFAULT_POLICY_PARAMETERS.deadlines).nonWorkingDueDate;

/** Issue 19: the recipients' categories and needs areas of a version; versions stored before them get the defaults. */
export const recipientLists = (parameters: PolicyParameters) =>
  parameters.recipients ?? DEFAULT_RECIPIENT_LISTS;
