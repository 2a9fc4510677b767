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
 * Operator exit and archive handover (R10.2): within N working days (policy, default 30) of the exit date the
 * exiting operator hands the service archives to the purchaser item by item, with a handover list and a handover
 * agreement both sides sign; the purchaser confirms receipt and passes the archives to the next operator, who
 * then reads them while the exiting operator no longer does.
 *
 *   open → signed → received → transferred
 */
export const SERVICE_RECORD_KINDS = [
  'case',
  'group',
  'community',
  'visit',
  'client_file',
  'volunteer_file',
  'needs_survey',
] as const;
export type ServiceRecordKind = (typeof SERVICE_RECORD_KINDS)[number];
export const SERVICE_RECORD_NAMES: Readonly<Record<ServiceRecordKind, string>> = {
  case: '个案服务档案',
  group: '小组服务档案',
  community: '社区服务档案',
  visit: '家访电访记录',
  client_file: '服务对象建档',
  volunteer_file: '志愿者建档',
  needs_survey: '服务需求调研',
};
/** Records holding personal data of vulnerable people (children, the elderly, people in hardship): sensitive. */
export const SENSITIVE_KINDS: readonly ServiceRecordKind[] = ['case', 'visit', 'client_file'];

export const HANDOVER_STATUSES = ['open', 'signed', 'received', 'transferred'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const HANDOVER_STATUS_NAMES: Readonly<Record<HandoverStatus, string>> = {
  open: '待签署',
  signed: '已签署，待接收',
  received: '已接收，待转交',
  transferred: '已转交新承接方',
};
const TRANSITIONS: Readonly<Record<HandoverStatus, readonly HandoverStatus[]>> = {
  open: ['signed'],
  signed: ['received'],
  received: ['transferred'],
  transferred: [],
};
export function transitionHandover(from: HandoverStatus, to: HandoverStatus): HandoverStatus {
  if (!TRANSITIONS[from].includes(to))
    throw invalidTransition('档案移交', HANDOVER_STATUS_NAMES, from, to, 'R10.2');
  return to;
}

export interface HandoverItem {
  readonly kind: ServiceRecordKind;
  readonly name: string;
  readonly handed: boolean;
  /**
   * Paper archives (纸质档案) of the kind, typed by the exiting operator: how many files or volumes, and what they are
   * in the note. What the system holds as records is counted, never typed (`recordCount`, issue 19 item 3).
   */
  readonly paperCount?: number;
  /** Before issue 19 the one typed count; read as the paper count. */
  readonly count?: number;
  readonly note?: string;
  readonly handedAt?: string;
  /**
   * Computed from the exiting contract's records of its period (shown, never stored on the item); null for a kind
   * the system keeps no records of (服务需求调研: paper only).
   */
  readonly recordCount?: number | null;
}

/**
 * The counts of the handover list computed from the records (issue 19 item 3): of which period, as of when, and per
 * archive kind. Computed afresh on every read while the list is open; stored once both sides have signed, so the
 * agreement's list stays the one signed.
 */
export interface HandoverRecordCounts {
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  readonly asOf: string;
  readonly counts: Readonly<Partial<Record<ServiceRecordKind, number>>>;
}

export interface HandoverStep {
  readonly id: 'reminder' | 'overdue';
  readonly on: IsoDate;
  readonly done?: 'acted' | 'skipped';
}

export interface Handover {
  readonly id: string;
  readonly contractId: string;
  readonly contractNumber: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly exitingOrg: string;
  readonly nextOperator?: { readonly orgId: string; readonly name: string };
  readonly exitOn: IsoDate;
  readonly reason: string;
  readonly deadlineOn: IsoDate;
  /** The deadline or the reminder was computed without an official calendar for a year it reaches (B5, issue 18). */
  readonly provisional: boolean;
  /**
   * How the deadline was computed (issue 18): working days after `exitOn` by the policy in force that day, with its
   * rule for a non-working due date; kept so that a calendar year loaded or corrected later recomputes it.
   */
  readonly deadlineBasis?: { readonly workingDays: number; readonly rule: NonWorkingDueDateRule };
  /** The calendar years the deadline and the reminder depend on (issue 18). */
  readonly calendarYears?: readonly number[];
  readonly items: readonly HandoverItem[];
  /** Stored when both sides have signed; computed on read before that. */
  readonly recordCounts?: HandoverRecordCounts;
  readonly agreementKey?: string;
  readonly signatures: { readonly operator?: string; readonly purchaser?: string };
  readonly status: HandoverStatus;
  readonly receivedAt?: string;
  readonly transferredAt?: string;
  readonly steps: readonly HandoverStep[];
  /** Derived by `handoverState` (issue 18): as of the last write when stored, as of today when shown. */
  readonly overdue?: boolean;
  /** Derived by `handoverState`; stored, it is the byDue index key. */
  readonly nextActionOn?: IsoDate;
  readonly version: number;
  readonly createdAt: string;
}

/** The deadline and its alerts: a reminder 5 working days before, overdue the day after. */
export function handoverSchedule(
  exitOn: IsoDate,
  workingDays: number,
  calendar: WorkingCalendar,
  rule: NonWorkingDueDateRule = 'next_working_day',
) {
  const deadline = calendar.schedule({ due: exitOn, workingDays, rule });
  const reminder = calendar.schedule({ remindBefore: deadline.date, workingDays: 5 });
  const steps: HandoverStep[] = [
    { id: 'reminder', on: reminder.date },
    { id: 'overdue', on: addDays(deadline.date, 1) },
  ];
  return {
    deadlineOn: deadline.date,
    provisional: deadline.provisional || reminder.provisional,
    deadlineBasis: { workingDays, rule },
    calendarYears: unionYears(deadline.years, reminder.years),
    steps,
    nextActionOn: reminder.date,
  };
}

/**
 * Whether a handover's deadline may still be computed again (issue 18): it has a basis, the archives were not yet
 * received, and it was not yet found overdue.
 */
export const isHandoverRedatable = (h: Handover): boolean =>
  h.deadlineBasis !== undefined &&
  (h.status === 'open' || h.status === 'signed') &&
  !h.steps.some((s) => s.id === 'overdue' && s.done);

/** A pending handover's deadline computed again on `calendar` (issue 18); undefined when nothing changes. */
export function redateHandover(
  h: Handover,
  calendar: WorkingCalendar,
): Pick<Handover, 'deadlineOn' | 'provisional' | 'calendarYears' | 'steps' | 'nextActionOn'> | undefined {
  if (!isHandoverRedatable(h) || !h.deadlineBasis) return undefined;
  const d = handoverSchedule(h.exitOn, h.deadlineBasis.workingDays, calendar, h.deadlineBasis.rule);
  const steps = mergeRedatedSteps(h.steps, d.steps);
  if (
    d.deadlineOn === h.deadlineOn &&
    d.provisional === h.provisional &&
    sameYears(d.calendarYears, h.calendarYears) &&
    sameSteps(steps, h.steps)
  )
    return undefined;
  const next = nextOpenStep(steps);
  return {
    deadlineOn: d.deadlineOn,
    provisional: d.provisional,
    calendarYears: d.calendarYears,
    steps,
    ...(next ? { nextActionOn: next } : {}),
  };
}

export const standardItems = (): HandoverItem[] =>
  SERVICE_RECORD_KINDS.map((kind) => ({ kind, name: SERVICE_RECORD_NAMES[kind], handed: false }));

/** Which alerts act on `today`: none once the archives were received; the reminder only before the deadline. */
export function decideHandoverSteps(
  h: Pick<Handover, 'status' | 'steps' | 'deadlineOn'>,
  today: IsoDate,
): Map<HandoverStep['id'], 'acted' | 'skipped'> {
  const decisions = new Map<HandoverStep['id'], 'acted' | 'skipped'>();
  const done = h.status === 'received' || h.status === 'transferred';
  for (const s of h.steps) {
    if (s.done || compareDates(s.on, today) > 0) continue;
    if (done) decisions.set(s.id, 'skipped');
    else if (s.id === 'reminder')
      decisions.set(s.id, compareDates(today, h.deadlineOn) > 0 ? 'skipped' : 'acted');
    else decisions.set(s.id, 'acted');
  }
  return decisions;
}

/** Whether the archives are still to be handed over: the purchaser has not yet confirmed receipt. */
export const handoverPending = (h: Pick<Handover, 'status'>): boolean =>
  h.status === 'open' || h.status === 'signed';

/**
 * The one rule for a handover's derived fields on `today` (Asia/Shanghai; issue 18), used for what is stored and
 * for what every view shows: `overdue` (逾期) while the archives are not yet received and the deadline has passed;
 * `nextActionOn` the day the deadline job next acts (the reminder, the overdue notice), never before today, absent
 * once the archives were received or no step will act.
 */
export function handoverState(
  h: Pick<Handover, 'status' | 'steps' | 'deadlineOn'>,
  today: IsoDate,
): DeadlineState {
  if (!handoverPending(h)) return { overdue: false };
  const overdue = compareDates(today, h.deadlineOn) > 0;
  const acts = (day: IsoDate) => [...decideHandoverSteps(h, day).values()].includes('acted');
  const next = nextActingDay(h.steps, today, acts);
  return next ? { overdue, nextActionOn: next } : { overdue };
}

/** The handover with its derived fields as of `today`: what a view shows and what a write stores. */
export const withHandoverState = (h: Handover, today: IsoDate): Handover =>
  withDeadlineState(h, handoverState(h, today));

/**
 * The handover as shown (issue 19 item 3): each item with its count computed from the records beside its typed paper
 * count; the legacy typed `count` read as the paper count.
 */
export function withRecordCounts(h: Handover, recordCounts: HandoverRecordCounts): Handover {
  return {
    ...h,
    recordCounts,
    items: h.items.map(({ count, ...i }) => ({
      ...i,
      ...(i.paperCount === undefined && count !== undefined ? { paperCount: count } : {}),
      recordCount: recordCounts.counts[i.kind] ?? null,
    })),
  };
}

/** What is stored of the items: never the computed count. */
export const storedItems = (items: readonly HandoverItem[]): HandoverItem[] =>
  items.map(({ recordCount: _r, ...i }) => i);

/** Receipt needs every list item handed, the agreement uploaded, and both signatures. */
export function assertReceivable(h: Handover): void {
  const missing = h.items.filter((i) => !i.handed).map((i) => i.name);
  const problems = [
    ...(missing.length ? [`尚未移交：${missing.join('、')}`] : []),
    ...(h.agreementKey ? [] : ['尚未上传移交协议书']),
    ...(h.signatures.operator && h.signatures.purchaser ? [] : ['移交协议书尚未双方签署']),
  ];
  if (problems.length > 0) {
    throw new DomainError('HANDOVER_INCOMPLETE', 409, '移交尚未完成', problems.join('；'), {
      rule: 'R10.2',
      errors: problems.map((message) => ({ path: 'handover', message })),
    });
  }
}
