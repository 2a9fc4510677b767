import type { ResourceScope } from '#shared/domain/access/roles';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { type DeadlineState, nextActingDay, withDeadlineState } from '#shared/domain/calendar/deadline-state';
import type { NonWorkingDueDateRule } from '#shared/domain/calendar/due-date-rules';
import { mergeRedatedSteps, sameSteps, sameYears, unionYears } from '#shared/domain/calendar/redate';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError, invalidTransition } from '#shared/domain/errors';
import { type Party, partyKey } from '#shared/domain/reports/report-slot';

/**
 * A rectification item (整改, B4). Someone who supervises a station finds a problem: the city in its annual
 * inspection (R20.1), the street office in a safety check (R13), the district in a final evaluation (R16–R19) or
 * an upheld complaint (R15.1). The finding becomes an item with an owner who must fix it and a deadline in working
 * days. The owner submits evidence; the party that raised the item checks it and either verifies the item or
 * rejects the evidence with a reason. An item is closed only when it is verified.
 *
 *   open → submitted → verified
 *            ↓
 *          open   (evidence rejected, with a reason)
 */
export const RECTIFICATION_STATUSES = ['open', 'submitted', 'verified'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_NAMES: Readonly<Record<RectificationStatus, string>> = {
  open: '待整改',
  submitted: '已提交整改，待核验',
  verified: '已核验',
};
const TRANSITIONS: Readonly<Record<RectificationStatus, readonly RectificationStatus[]>> = {
  open: ['submitted'],
  submitted: ['verified', 'open'],
  verified: [],
};
export function transitionRectification(
  from: RectificationStatus,
  to: RectificationStatus,
): RectificationStatus {
  if (!TRANSITIONS[from].includes(to))
    throw invalidTransition('整改事项', RECTIFICATION_STATUS_NAMES, from, to, 'B4');
  return to;
}

export const RECTIFICATION_SOURCE_TYPES = ['inspection', 'safety_check', 'evaluation', 'complaint'] as const;
export type RectificationSourceType = (typeof RECTIFICATION_SOURCE_TYPES)[number];
export const RECTIFICATION_SOURCE_NAMES: Readonly<Record<RectificationSourceType, string>> = {
  inspection: '督导检查',
  safety_check: '安全检查',
  evaluation: '运营评估',
  complaint: '投诉',
};

/**
 * Assumption (the regulation sets no period): an item must be rectified within 20 working days of being raised,
 * unless the raiser sets another period. The owner is reminded 3 working days before the deadline.
 */
export const DEFAULT_RECTIFICATION_WORKING_DAYS = 20;
export const RECTIFICATION_REMINDER_WORKING_DAYS = 3;
export const MAX_RECTIFICATION_WORKING_DAYS = 120;

/** Who may be asked to rectify: the station's operator, the street office or the district bureau. */
export type RectificationOwner =
  | { readonly role: 'operator'; readonly org: string }
  | { readonly role: 'street_office'; readonly street: string }
  | { readonly role: 'district_civil_affairs'; readonly district: string };
export type OwnerKind = 'operator' | 'street_office' | 'district';

/** Who raised the item and verifies it: the party that made the finding. */
export type RectificationRaiser =
  | { readonly role: 'city_civil_affairs' }
  | { readonly role: 'street_office'; readonly street: string }
  | { readonly role: 'district_civil_affairs'; readonly district: string };

/** The party that raises items from each kind of finding. */
export const RAISER_ROLE: Readonly<Record<RectificationSourceType, RectificationRaiser['role']>> = {
  inspection: 'city_civil_affairs',
  safety_check: 'street_office',
  evaluation: 'district_civil_affairs',
  complaint: 'district_civil_affairs',
};

/**
 * Whom a raiser may make the owner: itself or a party it supervises, never a party above it (a street office does
 * not assign work to the district).
 */
const OWNERS_OF_RAISER: Readonly<Record<RectificationRaiser['role'], readonly OwnerKind[]>> = {
  city_civil_affairs: ['operator', 'street_office', 'district'],
  district_civil_affairs: ['operator', 'street_office', 'district'],
  street_office: ['operator', 'street_office'],
};
export function assertOwnerAllowed(raiser: RectificationRaiser, owner: OwnerKind): void {
  if (!OWNERS_OF_RAISER[raiser.role].includes(owner)) {
    throw new DomainError('RECTIFICATION_OWNER_NOT_ALLOWED', 422, '不能指定该单位为整改责任方', undefined, {
      rule: 'B4',
      errors: [{ path: 'body.owner', message: `可指定：${OWNERS_OF_RAISER[raiser.role].join('、')}` }],
    });
  }
}

export interface ActedBy {
  readonly sub: string;
  readonly username: string;
}

export interface Evidence {
  readonly note: string;
  /** An S3 object key of a photo or document, when there is one. */
  readonly key?: string;
  readonly submittedAt: string;
  readonly submittedBy: ActedBy;
}

export interface Rejection {
  readonly reason: string;
  readonly rejectedAt: string;
  readonly rejectedBy: ActedBy;
}

export interface RectificationStep {
  readonly id: 'reminder' | 'overdue';
  readonly on: IsoDate;
  readonly done?: 'acted' | 'skipped';
}

export interface Rectification {
  readonly id: string;
  readonly source: { readonly type: RectificationSourceType; readonly id: string };
  readonly districtCode: string;
  readonly streetCode?: string;
  readonly stationId?: string;
  /** The station's standard name (or the district's name for a district-level finding), for notices and lists. */
  readonly subjectName: string;
  /** The station's active contract when the item was raised. */
  readonly contractId?: string;
  readonly finding: string;
  /** What must be done. */
  readonly requirement: string;
  readonly owner: RectificationOwner;
  readonly raisedBy: RectificationRaiser;
  readonly raisedOn: IsoDate;
  readonly workingDays: number;
  readonly deadline: IsoDate;
  /** The deadline or the reminder was computed on a year whose holiday calendar is not official yet (B5). */
  readonly deadlineProvisional: boolean;
  /**
   * The policy's rule for a due date on a non-working day when the deadline was computed (issue 18); with `raisedOn`
   * and `workingDays` the basis a calendar year loaded or corrected later recomputes it from.
   */
  readonly deadlineRule?: NonWorkingDueDateRule;
  /** The calendar years the deadline and the reminder depend on (issue 18). */
  readonly calendarYears?: readonly number[];
  readonly status: RectificationStatus;
  /**
   * 逾期: derived by `rectificationState` (issue 18): the item is open (the owner has not delivered, or its evidence
   * was rejected) and its deadline has passed; as of the last write when stored, as of today when shown.
   */
  readonly overdue: boolean;
  readonly evidence: readonly Evidence[];
  readonly rejections: readonly Rejection[];
  readonly verification?: {
    readonly comment: string;
    readonly verifiedAt: string;
    readonly verifiedBy: ActedBy;
  };
  readonly steps: readonly RectificationStep[];
  /**
   * Derived by `rectificationState`: the day the deadline job next acts for the item; the byDue index holds the item
   * only while it has one (the owner must act).
   */
  readonly nextActionOn?: IsoDate;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: ActedBy;
  readonly updatedAt: string;
}

/** Who may read an item: its district and street, and the operator when the operator owns it (the city reads all). */
export const rectificationScope = (
  r: Pick<Rectification, 'districtCode' | 'streetCode' | 'owner'>,
): ResourceScope => ({
  district: r.districtCode,
  ...(r.streetCode ? { street: r.streetCode } : {}),
  ...(r.owner.role === 'operator' ? { orgs: [r.owner.org] } : {}),
});

/** Whether one of the parties a principal acts for is `party`. */
export const actsAs = (parties: readonly Party[], party: Party): boolean =>
  parties.some((p) => partyKey(p) === partyKey(party));

/**
 * The deadline of an item raised on `raisedOn`: `workingDays` working days later (the raising day not counted),
 * with a reminder to the owner 3 working days before it and the overdue step the calendar day after it. A
 * reminder that would fall on or before the raising day is left out: the notice of the item already names the
 * deadline.
 */
export function rectificationDeadline(
  raisedOn: IsoDate,
  workingDays: number,
  calendar: WorkingCalendar,
  rule: NonWorkingDueDateRule = 'next_working_day',
): Pick<
  Rectification,
  'deadline' | 'deadlineProvisional' | 'deadlineRule' | 'calendarYears' | 'steps' | 'nextActionOn'
> {
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_RECTIFICATION_WORKING_DAYS) {
    throw new DomainError('RECTIFICATION_PERIOD_INVALID', 422, '整改期限不合法', undefined, {
      rule: 'B4',
      errors: [{ path: 'body.workingDays', message: `应为 1 至 ${MAX_RECTIFICATION_WORKING_DAYS} 个工作日` }],
    });
  }
  const deadline = calendar.schedule({ due: raisedOn, workingDays, rule });
  const reminder = calendar.schedule({
    remindBefore: deadline.date,
    workingDays: RECTIFICATION_REMINDER_WORKING_DAYS,
  });
  const steps: RectificationStep[] = [
    ...(compareDates(reminder.date, raisedOn) > 0 ? [{ id: 'reminder' as const, on: reminder.date }] : []),
    { id: 'overdue', on: addDays(deadline.date, 1) },
  ];
  return {
    deadline: deadline.date,
    deadlineProvisional: deadline.provisional || reminder.provisional,
    deadlineRule: rule,
    calendarYears: unionYears(deadline.years, reminder.years),
    steps,
    nextActionOn: steps[0]?.on as IsoDate,
  };
}

/**
 * Whether an item's deadline may still be computed again (issue 18): it has a basis, it is not verified and it was
 * not yet found overdue.
 */
export const isRectificationRedatable = (r: Rectification): boolean =>
  r.deadlineRule !== undefined &&
  r.status !== 'verified' &&
  !r.steps.some((s) => s.id === 'overdue' && s.done);

/** A pending item's deadline computed again on `calendar` (issue 18); undefined when nothing changes. */
export function redateRectification(
  r: Rectification,
  calendar: WorkingCalendar,
):
  | Pick<Rectification, 'deadline' | 'deadlineProvisional' | 'calendarYears' | 'steps' | 'nextActionOn'>
  | undefined {
  if (!isRectificationRedatable(r) || !r.deadlineRule) return undefined;
  const d = rectificationDeadline(r.raisedOn, r.workingDays, calendar, r.deadlineRule);
  const steps = mergeRedatedSteps(r.steps, d.steps);
  if (
    d.deadline === r.deadline &&
    d.deadlineProvisional === r.deadlineProvisional &&
    sameYears(d.calendarYears, r.calendarYears) &&
    sameSteps(steps, r.steps)
  )
    return undefined;
  const next = nextRectificationAction({ status: r.status, steps });
  return {
    deadline: d.deadline,
    deadlineProvisional: d.deadlineProvisional,
    calendarYears: d.calendarYears ?? [],
    steps,
    ...(next ? { nextActionOn: next } : {}),
  };
}

/**
 * The next date the owner has a step due. None unless the item is open: while evidence awaits verification the
 * item waits outside the byDue index, and a verified item is done.
 */
export const nextRectificationAction = (r: Pick<Rectification, 'status' | 'steps'>): IsoDate | undefined =>
  r.status === 'open'
    ? r.steps
        .filter((s) => !s.done)
        .map((s) => s.on)
        .sort(compareDates)[0]
    : undefined;

/**
 * Which steps act on `today`. A verified item drops what is left; an item whose evidence awaits verification
 * decides nothing yet (a rejection reopens it, and an overdue step then still applies); an open item gets the
 * reminder while the deadline is still ahead and the overdue notice once it has passed.
 */
export function decideRectificationSteps(
  r: Pick<Rectification, 'status' | 'steps' | 'deadline'>,
  today: IsoDate,
): Map<RectificationStep['id'], 'acted' | 'skipped'> {
  const decisions = new Map<RectificationStep['id'], 'acted' | 'skipped'>();
  if (r.status === 'submitted') return decisions;
  for (const s of r.steps) {
    if (s.done || compareDates(s.on, today) > 0) continue;
    if (r.status === 'verified') decisions.set(s.id, 'skipped');
    else if (s.id === 'reminder')
      decisions.set(s.id, compareDates(today, r.deadline) > 0 ? 'skipped' : 'acted');
    else decisions.set(s.id, 'acted');
  }
  return decisions;
}

/**
 * The one rule for an item's derived fields on `today` (Asia/Shanghai; issue 18), used for what is stored and for
 * what every view shows: `overdue` (逾期) while the item is open (nothing delivered, or the evidence rejected) and
 * its deadline has passed; `nextActionOn` the day the deadline job next acts for it (the reminder, the overdue
 * notice), never before today, absent while evidence awaits verification, once verified, or when no step will act.
 */
export function rectificationState(
  r: Pick<Rectification, 'status' | 'steps' | 'deadline'>,
  today: IsoDate,
): DeadlineState {
  if (r.status !== 'open') return { overdue: false };
  const overdue = compareDates(today, r.deadline) > 0;
  const acts = (day: IsoDate) => [...decideRectificationSteps(r, day).values()].includes('acted');
  const next = nextActingDay(r.steps, today, acts);
  return next ? { overdue, nextActionOn: next } : { overdue };
}

/** The item with its derived fields as of `today`: what a view shows and what a write stores. */
export const withRectificationState = (r: Rectification, today: IsoDate): Rectification =>
  withDeadlineState(r, rectificationState(r, today));

/**
 * Who a step notifies: the reminder goes to the owner; the overdue notice to the owner and the raiser, and is
 * escalated to the city when the district itself is the owner.
 */
export function rectificationStepAudience(r: Rectification, step: RectificationStep['id']): Party[] {
  if (step === 'reminder') return [r.owner];
  return [
    r.owner,
    r.raisedBy,
    ...(r.owner.role === 'district_civil_affairs' ? [{ role: 'city_civil_affairs' } as const] : []),
  ];
}

/** The owner submits evidence of the rectification: the item leaves the owner's hands until it is verified. */
export function withEvidence(r: Rectification, evidence: Evidence): Rectification {
  const { nextActionOn: _n, ...rest } = r;
  return {
    ...rest,
    status: transitionRectification(r.status, 'submitted'),
    evidence: [...r.evidence, evidence],
    updatedAt: evidence.submittedAt,
  };
}

/**
 * The raiser's decision on the evidence: accepted, the item is verified and its remaining steps are dropped;
 * rejected, it reopens with the reason, and its pending steps are due again (an overdue notice at once when the
 * deadline has passed meanwhile).
 */
export function withVerification(
  r: Rectification,
  decision: { accepted: boolean; comment: string; at: string; by: ActedBy },
): Rectification {
  const { nextActionOn: _n, ...rest } = r;
  if (decision.accepted) {
    return {
      ...rest,
      status: transitionRectification(r.status, 'verified'),
      verification: { comment: decision.comment, verifiedAt: decision.at, verifiedBy: decision.by },
      steps: r.steps.map((s) => (s.done ? s : { ...s, done: 'skipped' as const })),
      updatedAt: decision.at,
    };
  }
  const reopened: Rectification = {
    ...rest,
    status: transitionRectification(r.status, 'open'),
    rejections: [
      ...r.rejections,
      { reason: decision.comment, rejectedAt: decision.at, rejectedBy: decision.by },
    ],
    updatedAt: decision.at,
  };
  const next = nextRectificationAction(reopened);
  return next ? { ...reopened, nextActionOn: next } : reopened;
}
