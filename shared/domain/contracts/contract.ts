import { compareDates, type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
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
  /**
   * The Asia/Shanghai date the contract was completed or terminated (the last day it was in force, when before the
   * end of its service period). Absent while draft or active, and on contracts ended before it was recorded.
   */
  readonly endedOn?: IsoDate;
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

// Liveness -------------------------------------------------------------------------------------------------

/**
 * Where a contract stands on `today` (an Asia/Shanghai date), from its status and its dates alone, so that no view
 * depends on a job having changed the status: a draft; signed but before its service period (`pending`); in force;
 * past the end of its service period (`expired`, even while its status still reads active); completed; terminated.
 */
export type ContractPhase = 'draft' | 'pending' | 'in_force' | 'expired' | 'completed' | 'terminated';

export function contractPhase(c: Pick<Contract, 'status' | 'servicePeriod'>, today: IsoDate): ContractPhase {
  if (c.status !== 'active') return c.status;
  if (compareDates(today, c.servicePeriod.end) > 0) return 'expired';
  if (compareDates(today, c.servicePeriod.start) < 0) return 'pending';
  return 'in_force';
}

/** A contract holds its station while it is active and its service period has not ended (pending or in force). */
export const isLive = (c: Pick<Contract, 'status' | 'servicePeriod'>, today: IsoDate): boolean => {
  const phase = contractPhase(c, today);
  return phase === 'pending' || phase === 'in_force';
};

/**
 * The days a contract was (or is to be) in force: its service period, cut at the day it was completed or
 * terminated. A draft never was; a contract ended before its period began has no days. Contracts ended before
 * `endedOn` was recorded fall back to the date payments were blocked, then to the date of their last change.
 */
export function inForcePeriod(
  c: Pick<Contract, 'status' | 'servicePeriod' | 'endedOn' | 'paymentsBlocked' | 'updatedAt'>,
): { start: IsoDate; end: IsoDate } | undefined {
  if (c.status === 'draft') return undefined;
  const { start, end } = c.servicePeriod;
  if (c.status === 'active') return { start, end };
  const ended =
    c.endedOn ??
    c.paymentsBlocked?.since ??
    (c.status === 'terminated' ? shanghaiDate(new Date(c.updatedAt)) : end);
  const last = compareDates(ended, end) < 0 ? ended : end;
  return compareDates(last, start) < 0 ? undefined : { start, end: last };
}

/** Whether the contract was in force on any day of `period` (allocation and performance count only those). */
export const inForceDuring = (
  c: Parameters<typeof inForcePeriod>[0],
  period: { readonly start: IsoDate; readonly end: IsoDate },
): boolean => {
  const own = inForcePeriod(c);
  return own !== undefined && periodsOverlap(own, period);
};

/** A live contract's claim on its station: which contract, for which service period. */
export interface StationClaim {
  readonly contractId: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/**
 * R3.1 with 第三条 and 第十条: a station is run by one operator at a time, the next taking over from the previous
 * (移交…由购买方转交下一任承接方). The regulation says nothing of overlapping contracts, so the system allows none:
 * a contract may become active unless the service period of another live contract of the station (active and not
 * yet past its end date) overlaps its own. A terminated, completed or expired contract holds nothing, and a
 * contract that starts after the current one ends may be signed now. Returns the claims after admitting it,
 * without the expired ones.
 */
export function admitToStation(
  claims: readonly StationClaim[],
  candidate: StationClaim,
  today: IsoDate,
): StationClaim[] {
  const live = claims.filter((c) => c.contractId !== candidate.contractId && compareDates(today, c.end) <= 0);
  const clash = live.find((c) => periodsOverlap(c, candidate));
  if (clash) {
    throw new DomainError(
      'STATION_HAS_ACTIVE_CONTRACT',
      409,
      '该社工站已有生效中的服务合同',
      `该社工站已有服务期为 ${clash.start} 至 ${clash.end} 的服务合同，与本合同的服务期（${candidate.start} 至 ${candidate.end}）重叠；一个社工站同一时间只由一家承接方运营，请在现有合同终止后再使之生效，或将本合同的服务期定在 ${clash.end} 之后。`,
      { rule: 'R3.1' },
    );
  }
  return [...live, candidate].sort((a, b) => compareDates(a.start, b.start));
}

/** The claim in force on `today`, or failing that the next one to begin; never one that has ended. */
export function currentClaim(claims: readonly StationClaim[], today: IsoDate): StationClaim | undefined {
  const live = claims
    .filter((c) => compareDates(today, c.end) <= 0)
    .sort((a, b) => compareDates(a.start, b.start));
  return live.find((c) => compareDates(c.start, today) <= 0) ?? live[0];
}

/** Two periods overlap when each starts on or before the other ends. */
export const periodsOverlap = (
  a: { readonly start: IsoDate; readonly end: IsoDate },
  b: { readonly start: IsoDate; readonly end: IsoDate },
): boolean => compareDates(a.start, b.end) <= 0 && compareDates(b.start, a.end) <= 0;
