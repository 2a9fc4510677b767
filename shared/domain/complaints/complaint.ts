import { createHash, randomBytes } from 'node:crypto';
import type { ResourceScope } from '#shared/domain/access/roles';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { type DeadlineState, nextActingDay, withDeadlineState } from '#shared/domain/calendar/deadline-state';
import type { NonWorkingDueDateRule } from '#shared/domain/calendar/due-date-rules';
import {
  mergeRedatedSteps,
  nextOpenStep,
  sameSteps,
  sameYears,
  unionYears,
} from '#shared/domain/calendar/redate';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError, invalidTransition } from '#shared/domain/errors';

/**
 * Complaints about a station (R15.1): anyone may file one, anonymously if they wish; the station's district civil
 * affairs bureau acknowledges it (default within 1 working day), may ask the operator or the street office for a
 * statement, and closes it with a reply (default within 15 working days). Late steps escalate to the city.
 *
 *   received → acknowledged → closed   (statements may be requested while acknowledged)
 */
export const COMPLAINT_STATUSES = ['received', 'acknowledged', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_NAMES: Readonly<Record<ComplaintStatus, string>> = {
  received: '已收到，待受理',
  acknowledged: '已受理，办理中',
  closed: '已办结',
};
const TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  received: ['acknowledged'],
  acknowledged: ['closed'],
  closed: [],
};
export function transitionComplaint(from: ComplaintStatus, to: ComplaintStatus): ComplaintStatus {
  if (!TRANSITIONS[from].includes(to))
    throw invalidTransition('投诉', COMPLAINT_STATUS_NAMES, from, to, 'R15.1');
  return to;
}

export interface ComplaintStep {
  readonly id: 'acknowledge-overdue' | 'resolve-reminder' | 'resolve-overdue';
  readonly on: IsoDate;
  readonly done?: 'acted' | 'skipped';
}

export interface StatementRequest {
  readonly id: string;
  readonly from: 'operator' | 'street_office';
  readonly question: string;
  readonly requestedAt: string;
  readonly answer?: string;
  readonly answeredAt?: string;
  readonly answeredBy?: string;
}

/** The filer's details in full: held only while they are sealed or by the read that reveals them. */
export interface FilerDetails {
  readonly name?: string;
  readonly contact?: string;
}

/** The same, sealed by the repository (one `enc:v1:…` string): opaque outside shared/adapters. */
export interface SealedFiler {
  readonly sealed: string;
}

export interface Complaint {
  readonly id: string;
  readonly stationId: string;
  readonly stationName: string;
  readonly districtCode: string;
  readonly streetCode: string;
  /** The operator running the station when the complaint came in (asked for statements). */
  readonly operatorOrg?: string;
  readonly content: string;
  /**
   * The filer's name and contact: personal and optional. Stored sealed (field-level encryption, bound to the
   * complaint's record); opened only for the district handling it, each read audited; never in lists, logs or
   * audit records.
   */
  readonly filer?: SealedFiler;
  readonly attachmentKey?: string;
  /** SHA-256 of the tracking code: the code itself is given to the filer once and never stored. */
  readonly trackingHash: string;
  readonly receivedAt: string;
  readonly receivedOn: IsoDate;
  readonly acknowledgeBy: IsoDate;
  readonly resolveBy: IsoDate;
  /** A deadline or the reminder was computed without an official calendar for a year it reaches (B5, issue 18). */
  readonly provisional: boolean;
  /**
   * How the deadlines were computed (issue 18): working days after `receivedOn` by the policy in force that day,
   * with its rule for a non-working due date; kept so that a calendar year loaded or corrected later recomputes
   * them. Absent on complaints filed before it existed.
   */
  readonly deadlineBasis?: ComplaintDeadlineBasis;
  /** The calendar years the deadlines depend on (issue 18). */
  readonly calendarYears?: readonly number[];
  readonly status: ComplaintStatus;
  readonly acknowledgedAt?: string;
  readonly statements: readonly StatementRequest[];
  readonly reply?: string;
  readonly upheld?: boolean;
  readonly closedAt?: string;
  readonly steps: readonly ComplaintStep[];
  /** Derived by `complaintState` (issue 18): as of the last write when stored, as of today when shown. */
  readonly overdue?: boolean;
  /** Derived by `complaintState`; stored, it is the byDue index key. */
  readonly nextActionOn?: IsoDate;
  readonly version: number;
}

export const complaintScope = (c: Pick<Complaint, 'districtCode'>): ResourceScope => ({
  district: c.districtCode,
});

/** 20 characters of Crockford base32 from 100 random bits: not guessable, so complaints cannot be enumerated. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newTrackingCode(): string {
  const bytes = randomBytes(13);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 0; i < 20; i++) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}
export const TRACKING_CODE = /^[0-9A-HJKMNP-TV-Z]{20}$/;
export const hashTrackingCode = (code: string): string =>
  createHash('sha256').update(code.toUpperCase()).digest('hex');

export interface ComplaintDeadlineBasis {
  readonly acknowledgeWorkingDays: number;
  readonly resolveWorkingDays: number;
  readonly rule: NonWorkingDueDateRule;
}

/**
 * The deadlines of a complaint received on `receivedOn`, in working days from the holiday calendar, each through the
 * calendar's one scheduling function with the policy's rule for a non-working due date (issue 18).
 */
export function complaintDeadlines(
  receivedOn: IsoDate,
  policy: { acknowledgeWorkingDays: number; resolveWorkingDays: number },
  calendar: WorkingCalendar,
  rule: NonWorkingDueDateRule = 'next_working_day',
): Pick<
  Complaint,
  'acknowledgeBy' | 'resolveBy' | 'provisional' | 'deadlineBasis' | 'calendarYears' | 'steps' | 'nextActionOn'
> {
  const ack = calendar.schedule({ due: receivedOn, workingDays: policy.acknowledgeWorkingDays, rule });
  const resolve = calendar.schedule({ due: receivedOn, workingDays: policy.resolveWorkingDays, rule });
  const reminder = calendar.schedule({ remindBefore: resolve.date, workingDays: 2 });
  const steps: ComplaintStep[] = [
    { id: 'acknowledge-overdue', on: addDays(ack.date, 1) },
    {
      id: 'resolve-reminder',
      on: compareDates(reminder.date, receivedOn) > 0 ? reminder.date : resolve.date,
    },
    { id: 'resolve-overdue', on: addDays(resolve.date, 1) },
  ];
  return {
    acknowledgeBy: ack.date,
    resolveBy: resolve.date,
    provisional: ack.provisional || resolve.provisional || reminder.provisional,
    deadlineBasis: {
      acknowledgeWorkingDays: policy.acknowledgeWorkingDays,
      resolveWorkingDays: policy.resolveWorkingDays,
      rule,
    },
    calendarYears: unionYears(ack.years, resolve.years, reminder.years),
    steps,
    nextActionOn: steps[0]?.on as IsoDate,
  };
}

/**
 * Whether a complaint's deadlines may still be computed again (issue 18): it has a basis, it is not closed and it was
 * not yet found overdue (a deadline already acted on stays as it was).
 */
export const isComplaintRedatable = (c: Complaint): boolean =>
  c.deadlineBasis !== undefined &&
  c.status !== 'closed' &&
  !c.steps.some((s) => s.id === 'resolve-overdue' && s.done);

/**
 * An open complaint's deadlines computed again on `calendar` from their basis (issue 18): the acknowledgement
 * deadline only while it is still awaited, the steps not yet done. Undefined when nothing changes.
 */
export function redateComplaint(
  c: Complaint,
  calendar: WorkingCalendar,
):
  | Pick<
      Complaint,
      'acknowledgeBy' | 'resolveBy' | 'provisional' | 'calendarYears' | 'steps' | 'nextActionOn'
    >
  | undefined {
  if (!isComplaintRedatable(c) || !c.deadlineBasis) return undefined;
  const d = complaintDeadlines(c.receivedOn, c.deadlineBasis, calendar, c.deadlineBasis.rule);
  const ackSettled = c.status !== 'received' || c.steps.some((s) => s.id === 'acknowledge-overdue' && s.done);
  const steps = mergeRedatedSteps(c.steps, d.steps);
  const after = {
    acknowledgeBy: ackSettled ? c.acknowledgeBy : d.acknowledgeBy,
    resolveBy: d.resolveBy,
    provisional: d.provisional,
    calendarYears: d.calendarYears ?? [],
    steps,
  };
  if (
    after.acknowledgeBy === c.acknowledgeBy &&
    after.resolveBy === c.resolveBy &&
    after.provisional === c.provisional &&
    sameYears(after.calendarYears, c.calendarYears) &&
    sameSteps(steps, c.steps)
  )
    return undefined;
  const next = nextOpenStep(steps);
  return { ...after, ...(next ? { nextActionOn: next } : {}) };
}

/** Which steps act on `today`: none once closed; the acknowledgement step only while still unacknowledged. */
export function decideComplaintSteps(
  c: Pick<Complaint, 'status' | 'steps' | 'resolveBy'>,
  today: IsoDate,
): Map<ComplaintStep['id'], 'acted' | 'skipped'> {
  const decisions = new Map<ComplaintStep['id'], 'acted' | 'skipped'>();
  for (const s of c.steps) {
    if (s.done || compareDates(s.on, today) > 0) continue;
    if (c.status === 'closed') decisions.set(s.id, 'skipped');
    else if (s.id === 'acknowledge-overdue')
      decisions.set(s.id, c.status === 'received' ? 'acted' : 'skipped');
    else if (s.id === 'resolve-reminder')
      decisions.set(s.id, compareDates(today, c.resolveBy) > 0 ? 'skipped' : 'acted');
    else decisions.set(s.id, 'acted');
  }
  return decisions;
}

/**
 * The one rule for a complaint's derived fields on `today` (Asia/Shanghai; issue 18), used for what is stored and
 * for what every view shows:
 * - `overdue` (逾期): not closed, and either still unacknowledged after its acknowledgement deadline or still open
 *   after its resolution deadline;
 * - `nextActionOn`: the day the deadline job next acts for it (a reminder, an overdue notice to the city): today
 *   when a pending step is due and would be acted on, otherwise the first later day on which one will be; never
 *   before today; absent once closed or when no step will act.
 */
export function complaintState(
  c: Pick<Complaint, 'status' | 'steps' | 'acknowledgeBy' | 'resolveBy'>,
  today: IsoDate,
): DeadlineState {
  if (c.status === 'closed') return { overdue: false };
  const overdue =
    (c.status === 'received' && compareDates(today, c.acknowledgeBy) > 0) ||
    compareDates(today, c.resolveBy) > 0;
  const acts = (day: IsoDate) => [...decideComplaintSteps(c, day).values()].includes('acted');
  const next = nextActingDay(c.steps, today, acts);
  return next ? { overdue, nextActionOn: next } : { overdue };
}

/** The complaint with its derived fields as of `today`: what a view shows and what a write stores. */
export const withComplaintState = (c: Complaint, today: IsoDate): Complaint =>
  withDeadlineState(c, complaintState(c, today));

/** What the filer may read with the tracking code: the state and the reply, nothing else. */
export const publicView = (c: Complaint) => ({
  status: c.status,
  receivedOn: c.receivedOn,
  acknowledgeBy: c.acknowledgeBy,
  resolveBy: c.resolveBy,
  provisional: c.provisional,
  ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
  ...(c.reply ? { reply: c.reply } : {}),
  ...(c.closedAt ? { closedAt: c.closedAt } : {}),
});

/** The complaint for lists: content kept, the filer's name and contact masked. */
export const maskedComplaint = (
  c: Complaint,
): Omit<Complaint, 'filer' | 'trackingHash'> & { filer?: { given: boolean } } => {
  const { filer, trackingHash: _t, ...rest } = c;
  return { ...rest, ...(filer ? { filer: { given: true } } : {}) };
};

export const assertOpen = (c: Complaint) => {
  if (c.status === 'closed')
    throw new DomainError('COMPLAINT_CLOSED', 409, '投诉已办结', '已办结的投诉不能再办理。', {
      rule: 'R15.1',
    });
};
