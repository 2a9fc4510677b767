import { compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { DomainError, type FieldIssue, invalidTransition } from '#shared/domain/errors';
import type { ServiceDomain } from './service-domains';

/**
 * A government purchase-of-service contract (政府购买服务项目合同, R3.1) under which an operator runs a station:
 * the district civil affairs bureau is the purchaser, the operator an enterprise or social organisation, the street
 * office the co-ordinating party. Money is integer fen; the amount splits exactly into the three R23.1 parts and
 * into the payment tranches.
 */
export interface Contract {
  readonly id: string;
  /** 合同编号, unique in the city. */
  readonly number: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly operator: Operator;
  readonly servicePeriod: { readonly start: IsoDate; readonly end: IsoDate };
  readonly amountFen: number;
  readonly breakdown: Breakdown;
  readonly staffing: StaffingRequirement;
  readonly paymentSchedule: readonly Tranche[];
  readonly status: ContractStatus;
  /** R4.1 key service domains chosen by the operator, by service year number ("1", "2", …). */
  readonly keyDomains?: Readonly<Record<string, readonly ServiceDomain[]>>;
  /**
   * R25.1: after a final unqualified evaluation no further payment may be made; the remaining funds are recovered
   * through the recovery case.
   */
  /**
   * R10.2: the organisation holding the contract's service archives, when it is no longer the operator (after a
   * handover transferred them to the next operator). Absent: the operator holds them.
   */
  readonly archiveHolder?: { readonly orgId: string; readonly since: string; readonly handoverId: string };
  readonly paymentsBlocked?: {
    readonly since: IsoDate;
    readonly evaluationId: string;
    readonly recoveryCaseId: string;
  };
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Operator {
  readonly orgId: string;
  readonly name: string;
  /** 企业 or 社会组织 (R3.1). */
  readonly kind: 'enterprise' | 'social_organization';
}

/** R23.1: 人员劳务费 + 服务质量保障经费 + 承接方运营管理费用 = amount, to the fen. */
export interface Breakdown {
  readonly labourFen: number;
  readonly qualityAssuranceFen: number;
  readonly operatorManagementFen: number;
}

/** Social work qualification levels (助理社会工作师, 社会工作师, 高级社会工作师), or none. */
export const QUALIFICATION_LEVELS = ['none', 'assistant', 'intermediate', 'senior'] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];
export const QUALIFICATION_NAMES: Readonly<Record<QualificationLevel, string>> = {
  none: '无职业资格',
  assistant: '助理社会工作师',
  intermediate: '社会工作师',
  senior: '高级社会工作师',
};

/** R9.1: how many social workers, and how many of them at least at a given level. */
export interface StaffingRequirement {
  readonly total: number;
  readonly minimumByLevel: Partial<Record<Exclude<QualificationLevel, 'none'>, number>>;
}

export const TRANCHE_PRECONDITIONS = [
  'contract_signed',
  'task_book_confirmed',
  'midterm_report_accepted',
  'final_report_accepted',
  'evaluation_qualified',
] as const;
export type TranchePrecondition = (typeof TRANCHE_PRECONDITIONS)[number];

export interface Tranche {
  readonly seq: number;
  readonly plannedOn: IsoDate;
  readonly amountFen: number;
  readonly precondition?: TranchePrecondition;
}

export const CONTRACT_STATUSES = ['draft', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_NAMES: Readonly<Record<ContractStatus, string>> = {
  draft: '草拟',
  active: '履行中',
  completed: '已完成',
  terminated: '已终止',
};

/** draft → active → completed | terminated; nothing else. */
export const CONTRACT_TRANSITIONS: Readonly<Record<ContractStatus, readonly ContractStatus[]>> = {
  draft: ['active'],
  active: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};

export function transitionContract(from: ContractStatus, to: ContractStatus): ContractStatus {
  if (!CONTRACT_TRANSITIONS[from].includes(to))
    throw invalidTransition('服务合同', CONTRACT_STATUS_NAMES, from, to, 'R3.1');
  return to;
}

/**
 * 政府购买服务管理办法（财政部令第102号）第二十四条: a purchase-of-service contract runs for one year as a rule
 * and at most three years. The bound also keeps a contract's report slots (at most 38) within the single
 * transaction that activates it.
 */
export const MAX_SERVICE_YEARS = 3;
const addYears = (date: IsoDate, years: number): IsoDate =>
  `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/** A contract's own terms, as registered or revised while in draft. */
export type ContractTerms = Pick<
  Contract,
  'number' | 'operator' | 'servicePeriod' | 'amountFen' | 'breakdown' | 'staffing' | 'paymentSchedule'
>;

/**
 * The terms must hold together: the period runs forward, the three parts add up to the amount (R23.1), the
 * tranches add up to the amount and are numbered in date order, and the level minimums fit in the head count.
 * Every broken rule is reported at once, with the field it concerns.
 */
export function checkTerms(terms: ContractTerms): void {
  const errors: FieldIssue[] = [];
  const { start, end } = terms.servicePeriod;
  if (compareDates(start, end) >= 0)
    errors.push({ path: 'body.servicePeriod.end', message: '服务期截止日期应晚于起始日期' });
  else if (compareDates(end, addYears(start, MAX_SERVICE_YEARS)) >= 0) {
    errors.push({
      path: 'body.servicePeriod.end',
      message: `政府购买服务合同履行期限最长不超过 ${MAX_SERVICE_YEARS} 年`,
    });
  }
  const b = terms.breakdown;
  const parts = b.labourFen + b.qualityAssuranceFen + b.operatorManagementFen;
  if (parts !== terms.amountFen) {
    errors.push({
      path: 'body.breakdown',
      message: `三项经费合计 ${parts} 分，与合同金额 ${terms.amountFen} 分不符（差 ${terms.amountFen - parts} 分）`,
    });
  }
  const paid = terms.paymentSchedule.reduce((sum, t) => sum + t.amountFen, 0);
  if (paid !== terms.amountFen) {
    errors.push({
      path: 'body.paymentSchedule',
      message: `各期拨付合计 ${paid} 分，与合同金额 ${terms.amountFen} 分不符（差 ${terms.amountFen - paid} 分）`,
    });
  }
  terms.paymentSchedule.forEach((t, i) => {
    if (t.seq !== i + 1)
      errors.push({ path: `body.paymentSchedule.${i}.seq`, message: '期次应从 1 起连续编号' });
    const previous = terms.paymentSchedule[i - 1];
    if (previous && compareDates(previous.plannedOn, t.plannedOn) > 0) {
      errors.push({ path: `body.paymentSchedule.${i}.plannedOn`, message: '各期计划日期应按期次先后排列' });
    }
    if (compareDates(t.plannedOn, start) < 0) {
      errors.push({
        path: `body.paymentSchedule.${i}.plannedOn`,
        message: '拨付计划日期不得早于服务期起始日期',
      });
    }
  });
  const minimums = Object.values(terms.staffing.minimumByLevel).reduce((sum, n) => sum + (n ?? 0), 0);
  if (minimums > terms.staffing.total) {
    errors.push({ path: 'body.staffing.minimumByLevel', message: '各等级最低人数之和超过配备总人数' });
  }
  if (errors.length > 0) {
    throw new DomainError('CONTRACT_TERMS_INVALID', 422, '合同条款不一致', undefined, {
      rule: 'R23.1',
      errors,
    });
  }
}

/** Two periods overlap when each starts on or before the other ends. */
export const periodsOverlap = (
  a: { readonly start: IsoDate; readonly end: IsoDate },
  b: { readonly start: IsoDate; readonly end: IsoDate },
): boolean => compareDates(a.start, b.end) <= 0 && compareDates(b.start, a.end) <= 0;
