import type { ResourceScope } from '#shared/domain/access/roles';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { sameYears, yearsSpanned } from '#shared/domain/calendar/redate';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError, invalidTransition } from '#shared/domain/errors';
import type { Grade, Hundredths } from './scoring';

/**
 * A third-party evaluation of one service year of a contract (R16.1–R19.1), as a state machine:
 *
 *   commissioned → scoring → scored → confirmed → in_publicity → final
 *                     ↑_____________________|____________|  (re-evaluation, or an objection upheld)
 *
 * `scoring` starts with the first score; `scored` once the three scores and the third party's report are in;
 * the district confirms the report, then publishes the result; the closing job makes it final. From the
 * confirmation the scores are locked (R18.1): only the district's re-evaluation (重新评估) or an upheld objection
 * returns a confirmed or published evaluation to scoring, and the result is published anew.
 */
export const EVALUATION_STATUSES = [
  'commissioned',
  'scoring',
  'scored',
  'confirmed',
  'in_publicity',
  'final',
] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_NAMES: Readonly<Record<EvaluationStatus, string>> = {
  commissioned: '已委托，待评分',
  scoring: '评分中',
  scored: '评分完成，待确认',
  confirmed: '已确认，待公示',
  in_publicity: '公示中',
  final: '结果已生效',
};

export const EVALUATION_TRANSITIONS: Readonly<Record<EvaluationStatus, readonly EvaluationStatus[]>> = {
  commissioned: ['scoring'],
  scoring: ['scoring', 'scored'],
  scored: ['scoring', 'scored', 'confirmed'],
  confirmed: ['in_publicity', 'scoring'],
  in_publicity: ['final', 'scoring'],
  final: [],
};

export function transitionEvaluation(from: EvaluationStatus, to: EvaluationStatus): EvaluationStatus {
  if (!EVALUATION_TRANSITIONS[from].includes(to))
    throw invalidTransition('评估', EVALUATION_STATUS_NAMES, from, to, 'R18.1');
  return to;
}

export interface Evaluation {
  readonly id: string;
  readonly contractId: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly operatorOrg: string;
  readonly serviceYear: { readonly n: number; readonly start: IsoDate; readonly end: IsoDate };
  readonly window: EvaluationWindow;
  readonly evaluator: { readonly orgId: string; readonly name: string };
  readonly planned: { readonly start: IsoDate; readonly end: IsoDate };
  /** Required when the planned dates fall outside the window (R16.1 says 原则上). */
  readonly outsideWindowReason?: string;
  readonly templateId: string;
  readonly policyId: string;
  /** The third party's evaluation report: a report slot (same upload and validation path as other reports). */
  readonly reportSlotId: string;
  readonly scores: {
    readonly thirdParty?: {
      readonly indicators: Readonly<Record<string, Hundredths>>;
      readonly total: Hundredths;
    };
    readonly district?: Hundredths;
    readonly street?: Hundredths;
  };
  /** Set once the three scores are in: the exact weighted total in ten-thousandths of a point, and the grade. */
  readonly result?: {
    readonly totalTenThousandths: number;
    readonly total: string;
    readonly grade: Grade;
    readonly weights: { readonly thirdParty: number; readonly district: number; readonly street: number };
  };
  readonly status: EvaluationStatus;
  readonly confirmedAt?: string;
  readonly publicityId?: string;
  readonly finalOn?: IsoDate;
  /** How many times the result was published (an upheld objection or a re-evaluation leads to a new publicity). */
  readonly rounds: number;
  /**
   * Results set aside by re-evaluations and upheld objections, oldest first: what was confirmed (and published), and
   * why it was reopened.
   */
  readonly history?: readonly SupersededResult[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A confirmed result set aside by the district's re-evaluation (重新评估) or an upheld objection, kept as it was. */
export interface SupersededResult {
  readonly scores: Evaluation['scores'];
  readonly result?: Evaluation['result'];
  readonly confirmedAt?: string;
  /** The notice withdrawn with it, when the result was in publicity. */
  readonly publicityId?: string;
  readonly reopenedAt: string;
  /** The username of the person who reopened it (for the audit trail). */
  readonly reopenedBy: string;
  /** The office that reopened it, as a clerk names it (历下区民政局), from the person's role and scope at the time. */
  readonly reopenedByOffice?: string;
  /** Why: the district's reason for a re-evaluation, or 异议成立 (an upheld objection). */
  readonly reason: string;
  /** The upheld objection that reopened the result (R18.1), when it was one. */
  readonly objectionId?: string;
}

/** The reason recorded when an upheld objection sends a published result back to scoring (R18.1). */
export const OBJECTION_UPHELD_REASON = '异议成立';

/**
 * R18.1: from the district's confirmation of the report the scores are locked; a change goes only through a
 * re-evaluation (and not at all once the result is final, when its consequences have been applied).
 */
export function assertScoresOpen(e: Pick<Evaluation, 'status'>): void {
  if (e.status === 'final') {
    throw new DomainError(
      'EVALUATION_SCORES_LOCKED',
      409,
      '评估结果已生效，分数已锁定',
      '公示期满、结果生效后分数不能再修改，也不能重新评估；如需再次评估，请另行委托评估。',
      { rule: 'R18.1' },
    );
  }
  if (e.status === 'confirmed' || e.status === 'in_publicity') {
    throw new DomainError(
      'EVALUATION_SCORES_LOCKED',
      409,
      '评估报告已确认，分数已锁定',
      '确认后分数不能直接修改；如需更改，请由区县民政部门发起重新评估（说明理由，公示随之撤回），再修改分数并重新确认、公示。',
      { rule: 'R18.1' },
    );
  }
}

/**
 * Once a total and grade exist, a party that changes its score states why (R29.1: every change attributable with
 * its reason); giving the same score again, or scoring before the three are in, needs none. Returns the reason.
 */
export function scoreChangeReason(
  before: Pick<Evaluation, 'result'>,
  changed: boolean,
  reason: string | undefined,
): string | undefined {
  if (!before.result || !changed) return undefined;
  const given = reason?.trim();
  if (!given) {
    throw new DomainError(
      'SCORE_CHANGE_REASON_REQUIRED',
      422,
      '修改分数须说明理由',
      '该评估已有总分和等级，修改分数须填写理由（reason）；理由与修改前后的总分、等级记入审计，并通知各方。',
      { rule: 'R29.1', errors: [{ path: 'body.reason', message: '请填写修改分数的理由' }] },
    );
  }
  return given;
}

/** A re-evaluation sets a confirmed result aside: it always states why (R18.1, R29.1). Returns the reason. */
export function reEvaluationReason(reason: string | undefined): string {
  const given = reason?.trim();
  if (!given) {
    throw new DomainError(
      'REEVALUATION_REASON_REQUIRED',
      422,
      '重新评估须说明理由',
      '重新评估会撤回已确认的结果（公示中的同时撤回公示），须填写理由（reason）；理由记入审计，通知各方，并作为未决质疑的处理意见报市民政局。',
      { rule: 'R18.1', errors: [{ path: 'body.reason', message: '请填写重新评估的理由' }] },
    );
  }
  return given;
}

/**
 * The district's re-evaluation (重新评估) of a confirmed or published evaluation: back to scoring, the confirmed
 * result (and the notice it was published with) kept in `history`, to be scored, confirmed and published again.
 */
export function reopenEvaluation(
  e: Evaluation,
  input: {
    readonly reason: string;
    readonly by: string;
    readonly byOffice?: string | undefined;
    readonly at: string;
    readonly objectionId?: string;
  },
): Evaluation {
  if (e.status === 'final') {
    throw new DomainError(
      'EVALUATION_FINAL',
      409,
      '评估结果已生效，不能重新评估',
      '公示期满、结果生效后其后果已执行，不能再重新评估；如需再次评估，请另行委托评估。',
      { rule: 'R18.1' },
    );
  }
  if (e.status !== 'confirmed' && e.status !== 'in_publicity') {
    throw new DomainError(
      'EVALUATION_NOT_CONFIRMED',
      409,
      '评估尚未确认，无需重新评估',
      '确认前各方可直接修改分数（已有总分和等级时须说明理由）；重新评估只用于已确认或公示中的评估。',
      { rule: 'R18.1' },
    );
  }
  const status = transitionEvaluation(e.status, 'scoring');
  const { confirmedAt, publicityId, ...rest } = e;
  const superseded: SupersededResult = {
    scores: e.scores,
    ...(e.result ? { result: e.result } : {}),
    ...(confirmedAt ? { confirmedAt } : {}),
    ...(publicityId ? { publicityId } : {}),
    reopenedAt: input.at,
    reopenedBy: input.by,
    ...(input.byOffice ? { reopenedByOffice: input.byOffice } : {}),
    reason: input.reason,
    ...(input.objectionId ? { objectionId: input.objectionId } : {}),
  };
  return {
    ...rest,
    status,
    history: [...(e.history ?? []), superseded],
    version: e.version + 1,
    updatedAt: input.at,
  };
}

export const evaluationScope = (
  e: Pick<Evaluation, 'districtCode' | 'streetCode' | 'evaluator'>,
): ResourceScope => ({
  district: e.districtCode,
  street: e.streetCode,
  orgs: [e.evaluator.orgId],
});

export interface EvaluationWindow {
  readonly opensOn: IsoDate;
  readonly closesOn: IsoDate;
}

/** R16.1: the window opens N months (policy, default one) before the end of the service year, and closes with it. */
export function evaluationWindow(
  year: { start: IsoDate; end: IsoDate },
  monthsBefore: number,
): EvaluationWindow {
  const dayAfter = addDays(year.end, 1);
  let y = Number(dayAfter.slice(0, 4));
  let m = Number(dayAfter.slice(5, 7)) - monthsBefore;
  while (m < 1) {
    m += 12;
    y -= 1;
  }
  const day = Number(dayAfter.slice(8, 10));
  const last = Number(
    addDays(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`, -1).slice(8, 10),
  );
  const opens = `${y}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  return { opensOn: compareDates(opens, year.start) < 0 ? year.start : opens, closesOn: year.end };
}

/** Planned dates outside the window are allowed only with a recorded reason (原则上). */
export function checkPlannedDates(
  planned: { start: IsoDate; end: IsoDate },
  window: EvaluationWindow,
  reason: string | undefined,
): void {
  if (compareDates(planned.end, planned.start) < 0) {
    throw new DomainError('EVALUATION_DATES_INVALID', 422, '评估结束日期早于开始日期', undefined, {
      errors: [{ path: 'body.planned.end', message: '结束日期不得早于开始日期' }],
    });
  }
  const inside =
    compareDates(planned.start, window.opensOn) >= 0 && compareDates(planned.end, window.closesOn) <= 0;
  if (!inside && !reason?.trim()) {
    throw new DomainError('OUTSIDE_EVALUATION_WINDOW', 422, '评估日期不在评估窗口内，须说明理由', undefined, {
      rule: 'R16.1',
      errors: [
        {
          path: 'body.outsideWindowReason',
          message: `评估窗口为 ${window.opensOn} 至 ${window.closesOn}；窗口外安排须填写理由`,
        },
      ],
    });
  }
}

/**
 * R18.1 publicity: published on day P, the notice runs from the next calendar day S (the day of publication is
 * never a full day), and its minimum period ends on the 5th working day counted from S (S itself when it is a
 * working day). It may close from the calendar day after that end: five full working days have then passed.
 */
export interface PublicityPeriod {
  readonly startsOn: IsoDate;
  readonly minEndOn: IsoDate;
  readonly closableOn: IsoDate;
  readonly provisional: boolean;
}

export function publicityPeriod(
  publishedOn: IsoDate,
  minWorkingDays: number,
  calendar: WorkingCalendar,
): PublicityPeriod {
  const startsOn = addDays(publishedOn, 1);
  const end = calendar.nthWorkingDayFrom(startsOn, minWorkingDays);
  return { startsOn, minEndOn: end.date, closableOn: addDays(end.date, 1), provisional: end.provisional };
}

/** The calendar years a publicity period depends on: every day from its start to its minimum end (issue 18). */
export const publicityYears = (period: Pick<PublicityPeriod, 'startsOn' | 'minEndOn'>): number[] =>
  yearsSpanned(period.startsOn, period.minEndOn);

/**
 * Whether a notice's period may still be computed again (issue 18): it has a basis and is still open (a closed or
 * withdrawn notice's period is history).
 */
export const isPublicityRedatable = (n: PublicityNotice): boolean =>
  n.minWorkingDays !== undefined && n.status === 'open';

/** An open notice's period computed again on `calendar` (issue 18); undefined when nothing changes. */
export function redatePublicity(
  n: PublicityNotice,
  calendar: WorkingCalendar,
): Pick<PublicityNotice, 'period' | 'calendarYears'> | undefined {
  if (!isPublicityRedatable(n) || n.minWorkingDays === undefined) return undefined;
  const period = publicityPeriod(n.publishedOn, n.minWorkingDays, calendar);
  const calendarYears = publicityYears(period);
  if (
    period.minEndOn === n.period.minEndOn &&
    period.closableOn === n.period.closableOn &&
    period.provisional === n.period.provisional &&
    sameYears(calendarYears, n.calendarYears)
  )
    return undefined;
  return { period, calendarYears };
}

export const PUBLICITY_STATUSES = ['open', 'closed', 'withdrawn'] as const;
export type PublicityStatus = (typeof PUBLICITY_STATUSES)[number];

/** The public notice (公示): what the public may read of an evaluation's result, nothing personal. */
export interface PublicityNotice {
  readonly id: string;
  readonly evaluationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly stationName: string;
  readonly operatorName: string;
  readonly serviceYear: { readonly start: IsoDate; readonly end: IsoDate };
  readonly evaluatorName: string;
  readonly scores: { readonly thirdParty: string; readonly district: string; readonly street: string };
  readonly total: string;
  readonly grade: Grade;
  readonly gradeName: string;
  readonly publishedOn: IsoDate;
  readonly period: PublicityPeriod;
  /**
   * The policy's minimum working days when it was published (issue 18): with `publishedOn` the basis a calendar year
   * loaded or corrected later recomputes the period from. Absent on notices published before it existed.
   */
  readonly minWorkingDays?: number;
  /** The calendar years the period depends on (issue 18). */
  readonly calendarYears?: readonly number[];
  readonly status: PublicityStatus;
  readonly openObjections: number;
  readonly closedOn?: IsoDate;
  readonly version: number;
}

/** Closable on `today`: open, the minimum period over, and no objection waiting for a decision. */
export const isClosable = (
  n: Pick<PublicityNotice, 'status' | 'period' | 'openObjections'>,
  today: IsoDate,
): boolean => n.status === 'open' && compareDates(today, n.period.closableOn) >= 0 && n.openObjections === 0;

export interface Objection {
  readonly id: string;
  readonly publicityId: string;
  readonly evaluationId: string;
  readonly districtCode: string;
  readonly content: string;
  /** Optional and personal: shown to the district handling it, never on the public notice. */
  readonly contact?: string;
  readonly lodgedAt: string;
  /** `superseded`: still open when the district re-evaluated and withdrew the notice; its opinion says so. */
  readonly status: 'open' | 'upheld' | 'rejected' | 'superseded';
  readonly decision?: { readonly opinion: string; readonly by: string; readonly at: string };
  readonly version: number;
}

/**
 * An objection still open when its notice is withdrawn by a re-evaluation: answered by the re-evaluation itself
 * (its reason is the district's opinion, reported to the city); the objector may object again to the new notice.
 */
export function supersedeObjection(
  o: Objection,
  input: { reason: string; by: string; at: string },
): Objection {
  return {
    ...o,
    status: 'superseded',
    decision: {
      opinion: `公示已因重新评估撤回，评估结果将重新确认后另行公示。重新评估理由：${input.reason}`,
      by: input.by,
      at: input.at,
    },
    version: o.version + 1,
  };
}
