import type { ResourceScope } from '#shared/domain/access/roles';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError, invalidTransition } from '#shared/domain/errors';
import type { Grade, Hundredths } from './scoring';

/**
 * A third-party evaluation of one service year of a contract (R16.1–R19.1), as a state machine:
 *
 *   commissioned → scoring → scored → confirmed → in_publicity → final
 *                     ↑__________________________________|  (an objection upheld: scores are revised, publicity restarts)
 *
 * `scoring` starts with the first score; `scored` once the three scores and the third party's report are in;
 * the district confirms the report, then publishes the result; the closing job makes it final.
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
  confirmed: ['in_publicity'],
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
  /** How many times the result was published (an upheld objection leads to a new publicity). */
  readonly rounds: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
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
  readonly status: 'open' | 'upheld' | 'rejected';
  readonly decision?: { readonly opinion: string; readonly by: string; readonly at: string };
  readonly version: number;
}
