import type { Principal, ResourceScope, Role } from '#shared/domain/access/roles';
import { addDays, compareDates, daysBetween, type IsoDate, zhDate } from '#shared/domain/calendar/dates';
import type { NonWorkingDueDateRule } from '#shared/domain/calendar/due-date-rules';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import type { Contract } from '#shared/domain/contracts/contract';
import { DomainError } from '#shared/domain/errors';
import {
  nonWorkingDueDateRule,
  type PolicyParameters,
  type PolicyVersion,
  resolvePolicy,
} from '#shared/domain/policy/policy';

/**
 * Report slots (R9.3, R20.1): every report the rules expect is a slot with a due date, a submitter and its
 * recipients, created ahead of time so that reminders (B1), overdue marking and timeliness (B3) have something
 * to count. A contract's slots are created when it becomes active: one monthly brief (月度工作简报) for each
 * calendar month the service period touches, a mid-term report (中期工作报告) and a final report (终期工作报告),
 * each sent to the district civil affairs bureau and the street office. Each district has one annual station
 * construction and operation report (建设运营情况报告) a year, sent to the city (R20.1).
 */
export const REPORT_KINDS = [
  'monthly_brief',
  'midterm',
  'final',
  'annual_district',
  'evaluation_report',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_NAMES: Readonly<Record<ReportKind, string>> = {
  monthly_brief: '月度工作简报',
  midterm: '中期工作报告',
  final: '终期工作报告',
  annual_district: '社工站建设运营情况报告',
  evaluation_report: '第三方评估报告',
};

/** The reports a station's operator owes (timeliness B3 counts these). */
export const STATION_REPORT_KINDS: readonly ReportKind[] = ['monthly_brief', 'midterm', 'final'];

/**
 * A party that sends or receives reports and notifications: a role in a scope. Its inbox is shared by everyone
 * holding that role in that scope (all officials of a district bureau read the bureau's inbox).
 */
export type Party =
  | { readonly role: 'city_civil_affairs' | 'city_finance' }
  | { readonly role: 'district_civil_affairs' | 'district_finance' | 'auditor'; readonly district: string }
  | { readonly role: 'street_office'; readonly street: string }
  | { readonly role: 'operator' | 'third_party' | 'department'; readonly org: string };

export const partyKey = (p: Party): string =>
  'district' in p
    ? `${p.role}:${p.district}`
    : 'street' in p
      ? `${p.role}:${p.street}`
      : 'org' in p
        ? `${p.role}:${p.org}`
        : p.role;

/** The parties a principal acts for, one per role it holds (a role without its scope attribute has none). */
export function partiesOf(principal: Principal): Party[] {
  const parties: Party[] = [];
  for (const role of principal.roles) {
    const party = partyOf(role, principal);
    if (party) parties.push(party);
  }
  return parties;
}

function partyOf(role: Role, p: Principal): Party | undefined {
  switch (role) {
    case 'city_civil_affairs':
    case 'city_finance':
      return { role };
    case 'district_civil_affairs':
    case 'district_finance':
    case 'auditor':
      return p.district ? { role, district: p.district } : undefined;
    case 'street_office':
      return p.street ? { role, street: p.street } : undefined;
    default:
      return p.org ? { role, org: p.org } : undefined;
  }
}

export const SLOT_STATUSES = ['open', 'submitted', 'accepted', 'returned', 'cancelled'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** What the deadline job does on a date: remind the submitter, mark overdue, or escalate to the supervisor. */
export interface ReportStep {
  readonly id: string;
  readonly on: IsoDate;
  readonly kind: 'remind' | 'overdue' | 'escalate';
  /** The date was computed without an official calendar for a year it touches (issue 18); absent once it has one. */
  readonly provisional?: true;
  /** Set when the job acted on the step or decided it no longer applied. */
  readonly done?: 'acted' | 'skipped';
}

export interface Review {
  readonly party: string;
  readonly decision: 'accept' | 'return';
  readonly comment?: string;
  readonly by: { readonly sub: string; readonly username: string };
  readonly at: string;
}

export interface ReportSlot {
  readonly id: string;
  readonly kind: ReportKind;
  readonly title: string;
  /** The period the report covers: a month, the service period, or the calendar year. */
  readonly period: { readonly start: IsoDate; readonly end: IsoDate };
  readonly districtCode: string;
  readonly streetCode?: string;
  readonly stationId?: string;
  readonly contractId?: string;
  /** The operator that submits a contract's reports. */
  readonly orgId?: string;
  readonly submitter: Party;
  readonly recipients: readonly Party[];
  readonly dueOn: IsoDate;
  /** The due date or a reminder date was computed on a year whose holiday calendar is not official yet (B5). */
  readonly dueProvisional: boolean;
  /**
   * How the due date was computed (issue 18): from a base date, N working days on, moved off a non-working day by
   * the policy's rule; kept so that loading or correcting a calendar year can compute it again. Absent on slots
   * stored before it existed.
   */
  readonly dueBasis?: DueBasis;
  /** The calendar years the due date and the step dates depend on (issue 18). */
  readonly calendarYears?: readonly number[];
  readonly policyId: string;
  /** R30.1: no policy version covered the slot's reference date, so the nearest one was applied. */
  readonly policyWarning?: string;
  readonly status: SlotStatus;
  readonly overdue: boolean;
  readonly steps: readonly ReportStep[];
  /** The next date a step is due; the byDue index holds the slot only while it has one. */
  readonly nextActionOn?: IsoDate;
  /** The upload id of the current (validated) version. */
  readonly currentUploadId?: string;
  /** When S3 received the current version: an older upload whose event arrives later does not replace it. */
  readonly currentUploadedAt?: string;
  /** Timeliness of the first validated version (B3): the date it arrived and whether that was by the due date. */
  readonly firstSubmittedOn?: IsoDate;
  readonly onTime?: boolean;
  /** Reviews of the current version, one per recipient at most. */
  readonly reviews: readonly Review[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Who may read a slot, as a scope: its district, street and submitting operator (the city reads everything). */
export const slotScope = (s: ReportSlot): ResourceScope => ({
  district: s.districtCode,
  ...(s.streetCode ? { street: s.streetCode } : {}),
  ...(s.orgId ? { orgs: [s.orgId] } : {}),
});

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number): IsoDate =>
  addDays(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01`, -1);
const nextMonthDay = (year: number, month: number, day: number): IsoDate =>
  month === 12 ? `${year + 1}-01-${pad(day)}` : `${year}-${pad(month + 1)}-${pad(day)}`;

/** The calendar months an inclusive period touches, each clipped to the period. */
export function monthsOf(period: { start: IsoDate; end: IsoDate }): { start: IsoDate; end: IsoDate }[] {
  const months: { start: IsoDate; end: IsoDate }[] = [];
  let year = Number(period.start.slice(0, 4));
  let month = Number(period.start.slice(5, 7));
  for (;;) {
    const first = `${year}-${pad(month)}-01`;
    if (compareDates(first, period.end) > 0) break;
    const last = lastDayOfMonth(year, month);
    months.push({
      start: compareDates(first, period.start) < 0 ? period.start : first,
      end: compareDates(last, period.end) > 0 ? period.end : last,
    });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** A due date's basis: `workingDays` working days after `from` (0: `from` itself), then `rule` (issue 18). */
export interface DueBasis {
  readonly from: IsoDate;
  readonly workingDays?: number;
  readonly rule: NonWorkingDueDateRule;
}

interface Dated {
  readonly dueOn: IsoDate;
  readonly dueProvisional: boolean;
  readonly steps: ReportStep[];
  readonly calendarYears: number[];
}

const union = (...lists: (readonly number[])[]): number[] => [...new Set(lists.flat())].sort((a, b) => a - b);

/**
 * A slot's due date and steps (B1), every date through the calendar's one scheduling function (issue 18): the due
 * date from its basis; reminders n working days before it (never on a non-working day); overdue the calendar day
 * after it; escalation n working days after it. A provisional year is marked.
 */
function datesFor(
  basis: DueBasis,
  before: readonly number[],
  after: readonly number[],
  calendar: WorkingCalendar,
): Dated {
  const due = calendar.schedule({
    due: basis.from,
    ...(basis.workingDays ? { workingDays: basis.workingDays } : {}),
    rule: basis.rule,
  });
  let provisional = due.provisional;
  let years = [...due.years];
  const steps: ReportStep[] = [];
  for (const n of [...before].sort((a, b) => b - a)) {
    const at = calendar.schedule({ remindBefore: due.date, workingDays: n });
    provisional ||= at.provisional;
    years = union(years, at.years);
    steps.push({
      id: `remind-${n}`,
      on: at.date,
      kind: 'remind',
      ...(at.provisional ? { provisional: true } : {}),
    });
  }
  steps.push({
    id: 'overdue',
    on: addDays(due.date, 1),
    kind: 'overdue',
    ...(due.provisional ? { provisional: true } : {}),
  });
  for (const n of [...after].sort((a, b) => a - b)) {
    const at = calendar.addWorkingDays(due.date, n);
    provisional ||= at.provisional;
    years = union(years, [Number(due.date.slice(0, 4)), Number(at.date.slice(0, 4))]);
    steps.push({
      id: `escalate-${n}`,
      on: at.date,
      kind: 'escalate',
      ...(at.provisional || due.provisional ? { provisional: true } : {}),
    });
  }
  return { dueOn: due.date, dueProvisional: provisional, steps, calendarYears: years };
}

/** The dated fields of a planned slot, with the basis they were computed from. */
const datedFields = (d: Dated, basis: DueBasis) => ({
  dueOn: d.dueOn,
  dueProvisional: d.dueProvisional,
  dueBasis: basis,
  calendarYears: d.calendarYears,
  steps: d.steps,
  ...(nextActionOf(d.steps) ? { nextActionOn: nextActionOf(d.steps) as IsoDate } : {}),
});

/**
 * Whether a slot's dates may still be computed again (issue 18): it has a basis, nothing was submitted, and it was
 * not yet marked overdue (a due date that has passed and been acted on stays as it was).
 */
export const isRedatable = (s: ReportSlot): boolean =>
  s.dueBasis !== undefined &&
  s.status === 'open' &&
  !s.firstSubmittedOn &&
  !s.steps.some((step) => step.kind === 'overdue' && step.done);

/**
 * A pending slot's dates computed again on `calendar` (issue 18: a calendar year was loaded or corrected): the due
 * date from its basis, the steps not yet done from their offsets (`remind-5`, `escalate-2`); steps already done keep
 * their dates. Undefined when nothing changes, so a second run changes nothing.
 */
export function redateSlot(
  s: ReportSlot,
  calendar: WorkingCalendar,
): Pick<ReportSlot, 'dueOn' | 'dueProvisional' | 'calendarYears' | 'steps' | 'nextActionOn'> | undefined {
  if (!isRedatable(s) || !s.dueBasis) return undefined;
  const offsets = (kind: ReportStep['kind']) =>
    s.steps.filter((step) => step.kind === kind).map((step) => Number(step.id.split('-')[1]));
  const d = datesFor(s.dueBasis, offsets('remind'), offsets('escalate'), calendar);
  const steps = d.steps.map((step) => s.steps.find((old) => old.id === step.id && old.done) ?? step);
  const same =
    d.dueOn === s.dueOn &&
    d.dueProvisional === s.dueProvisional &&
    JSON.stringify(d.calendarYears) === JSON.stringify(s.calendarYears ?? []) &&
    steps.every(
      (step, i) =>
        step.on === s.steps[i]?.on &&
        step.id === s.steps[i]?.id &&
        step.provisional === s.steps[i]?.provisional,
    );
  if (same) return undefined;
  const next = nextActionOf(steps);
  return {
    dueOn: d.dueOn,
    dueProvisional: d.dueProvisional,
    calendarYears: d.calendarYears,
    steps,
    ...(next ? { nextActionOn: next } : {}),
  };
}

export const nextActionOf = (steps: readonly ReportStep[]): IsoDate | undefined =>
  steps
    .filter((s) => !s.done)
    .map((s) => s.on)
    .sort(compareDates)[0];

export interface PlannedSlot
  extends Omit<ReportSlot, 'status' | 'overdue' | 'reviews' | 'version' | 'createdAt' | 'updatedAt'> {}

/**
 * The slots of a contract (R9.3), with due dates from the policy in force on each slot's reference date
 * (R30.1): a monthly brief is due on day N of the next month (calendar day); the mid-term report N working days
 * after the period's midpoint; the final report N working days after the period ends.
 */
export function contractReportPlan(
  contract: Pick<Contract, 'id' | 'servicePeriod' | 'districtCode' | 'streetCode' | 'stationId' | 'operator'>,
  policies: readonly PolicyVersion[],
  calendar: WorkingCalendar,
): PlannedSlot[] {
  const { start, end } = contract.servicePeriod;
  const common = {
    districtCode: contract.districtCode,
    streetCode: contract.streetCode,
    stationId: contract.stationId,
    contractId: contract.id,
    orgId: contract.operator.orgId,
    submitter: { role: 'operator', org: contract.operator.orgId } as Party,
    recipients: [
      { role: 'district_civil_affairs', district: contract.districtCode },
      { role: 'street_office', street: contract.streetCode },
    ] as Party[],
  };
  const plan: PlannedSlot[] = [];
  const add = (
    kind: ReportKind,
    suffix: string,
    title: string,
    period: { start: IsoDate; end: IsoDate },
    due: (p: PolicyParameters) => Omit<DueBasis, 'rule'>,
    reference: IsoDate,
  ) => {
    const resolved = resolvePolicy(policies, reference);
    const policy = resolved.version;
    const r = policy.parameters.reports;
    const basis: DueBasis = { ...due(policy.parameters), rule: nonWorkingDueDateRule(policy.parameters) };
    const d = datesFor(basis, r.remindWorkingDaysBefore, r.remindWorkingDaysAfter, calendar);
    plan.push({
      id: `${contract.id}-${suffix}`,
      kind,
      title,
      period,
      ...common,
      policyId: policy.id,
      ...(resolved.warning ? { policyWarning: resolved.warning.message } : {}),
      ...datedFields(d, basis),
    });
  };
  for (const month of monthsOf(contract.servicePeriod)) {
    const year = Number(month.start.slice(0, 4));
    const m = Number(month.start.slice(5, 7));
    const firstOfNext = nextMonthDay(year, m, 1);
    add(
      'monthly_brief',
      `M${year}${pad(m)}`,
      `${year}年${m}月 ${REPORT_KIND_NAMES.monthly_brief}`,
      month,
      (p) => ({ from: nextMonthDay(year, m, p.reports.monthlyBriefDueDayOfNextMonth) }),
      firstOfNext,
    );
  }
  const midpoint = addDays(start, Math.floor(daysBetween(start, end) / 2));
  add(
    'midterm',
    'MID',
    REPORT_KIND_NAMES.midterm,
    { start, end: midpoint },
    (p) => ({ from: midpoint, workingDays: p.reports.midtermWorkingDaysAfterMidpoint }),
    midpoint,
  );
  add(
    'final',
    'FIN',
    REPORT_KIND_NAMES.final,
    { start, end },
    (p) => ({ from: end, workingDays: p.reports.finalWorkingDaysAfterEnd }),
    end,
  );
  return plan;
}

export const annualSlotId = (districtCode: string, year: number) => `ANNUAL-${districtCode}-${year}`;

/**
 * R20.1: a district's annual construction and operation report of `year`, due before the end of November (the
 * policy's last day), reminded on working days before it and escalated to the city the day after.
 */
export function annualReportPlan(
  district: { code: string; name: string },
  year: number,
  policies: readonly PolicyVersion[],
  calendar: WorkingCalendar,
): PlannedSlot {
  const reference = `${year}-11-01`;
  const resolved = resolvePolicy(policies, reference);
  const policy = resolved.version;
  const a = policy.parameters.annualReport;
  // 第二十条 says 11月底前: the regulation wins over the policy's usual rule, so a last day of November that is not
  // a working day moves back to the last working day before it, never into December.
  const basis: DueBasis = { from: `${year}-${a.dueMonthDay}`, rule: 'previous_working_day' };
  const d = datesFor(basis, a.remindWorkingDaysBefore, [], calendar);
  return {
    id: annualSlotId(district.code, year),
    kind: 'annual_district',
    title: `${district.name} ${year}年度${REPORT_KIND_NAMES.annual_district}`,
    period: { start: `${year}-01-01`, end: `${year}-12-31` },
    districtCode: district.code,
    submitter: { role: 'district_civil_affairs', district: district.code },
    recipients: [{ role: 'city_civil_affairs' }],
    policyId: policy.id,
    ...(resolved.warning ? { policyWarning: resolved.warning.message } : {}),
    ...datedFields(d, basis),
  };
}

/**
 * R17.1: the third party's evaluation report of an evaluation, due on the planned end of the evaluation and sent
 * to the district, through the same upload and validation path as every other report.
 */
export function evaluationReportPlan(
  e: {
    id: string;
    districtCode: string;
    streetCode: string;
    stationId: string;
    contractId: string;
    evaluator: { orgId: string; name: string };
    planned: { start: IsoDate; end: IsoDate };
    serviceYear: { n: number; start: IsoDate; end: IsoDate };
  },
  policies: readonly PolicyVersion[],
  calendar: WorkingCalendar,
): PlannedSlot {
  const resolved = resolvePolicy(policies, e.planned.end);
  const r = resolved.version.parameters.reports;
  const basis: DueBasis = { from: e.planned.end, rule: nonWorkingDueDateRule(resolved.version.parameters) };
  const d = datesFor(basis, r.remindWorkingDaysBefore, r.remindWorkingDaysAfter, calendar);
  return {
    id: `EVAL-${e.id}`,
    kind: 'evaluation_report',
    title: `第 ${e.serviceYear.n} 服务年度（${e.serviceYear.start} 至 ${e.serviceYear.end}）${REPORT_KIND_NAMES.evaluation_report}`,
    period: { start: e.serviceYear.start, end: e.serviceYear.end },
    districtCode: e.districtCode,
    streetCode: e.streetCode,
    stationId: e.stationId,
    contractId: e.contractId,
    orgId: e.evaluator.orgId,
    submitter: { role: 'third_party', org: e.evaluator.orgId },
    recipients: [{ role: 'district_civil_affairs', district: e.districtCode }],
    policyId: resolved.version.id,
    ...(resolved.warning ? { policyWarning: resolved.warning.message } : {}),
    ...datedFields(d, basis),
  };
}

/** A slot as first stored. */
export const openSlot = (plan: PlannedSlot, at: string): ReportSlot => ({
  ...plan,
  status: 'open',
  overdue: false,
  reviews: [],
  version: 1,
  createdAt: at,
  updatedAt: at,
});

/** Whether the slot takes a new version: not closed, and not a version some recipient has begun to review (R9.4). */
const takesUpload = (slot: ReportSlot): boolean =>
  slot.status !== 'accepted' &&
  slot.status !== 'cancelled' &&
  !(slot.status === 'submitted' && slot.reviews.length > 0);

/** Whether the period a report covers has begun on `today`: nothing can be reported of a month not yet come. */
const periodBegun = (slot: Pick<ReportSlot, 'period'>, today: IsoDate): boolean =>
  compareDates(today, slot.period.start) >= 0;

/** Refuses an upload URL for a report whose period has not begun (a 2027 brief asked for in 2026). */
export function assertPeriodBegun(slot: Pick<ReportSlot, 'period'>, today: IsoDate): void {
  if (periodBegun(slot, today)) return;
  throw new DomainError(
    'REPORT_PERIOD_NOT_BEGUN',
    409,
    '报告期尚未开始，不能上传',
    `该报告的报告期自${zhDate(slot.period.start)}开始，报告期开始后才能上传。`,
    { rule: 'R9.3' },
  );
}

/** Refuses a new version of a closed slot, or of one some recipient has begun to review (R9.4). */
export function assertUploadable(slot: ReportSlot): void {
  if (takesUpload(slot)) return;
  if (slot.status === 'accepted' || slot.status === 'cancelled') {
    throw new DomainError(
      'REPORT_SLOT_CLOSED',
      409,
      '该报告已验收或已取消，不能再上传',
      '已验收或已取消的报告不再接收新的版本。',
      {
        rule: 'R9.4',
      },
    );
  }
  if (slot.status === 'submitted' && slot.reviews.length > 0) {
    throw new DomainError(
      'REPORT_UNDER_REVIEW',
      409,
      '报告已在审阅中，如需修改请由接收方退回',
      '接收方已开始审阅当前版本；如需修改，请联系接收方退回后再上传。',
      {
        rule: 'R9.4',
      },
    );
  }
}

export interface StepDecision {
  /** Steps to act on now, in order. */
  readonly act: readonly ReportStep[];
  /** Steps that no longer apply (a stale reminder, or the report is in). */
  readonly skip: readonly ReportStep[];
}

/**
 * What the deadline job does for a slot on `today` (B1): nothing once the report is in (submitted, accepted)
 * or cancelled, except dropping the remaining steps; otherwise every step due by today, where of several
 * reminders only the latest is sent and none once the due date has passed (the overdue notice says more).
 */
export function decideSteps(
  slot: Pick<ReportSlot, 'status' | 'dueOn' | 'steps'>,
  today: IsoDate,
): StepDecision {
  const pending = slot.steps.filter((s) => !s.done);
  if (slot.status === 'submitted' || slot.status === 'accepted' || slot.status === 'cancelled') {
    return { act: [], skip: pending };
  }
  const due = pending.filter((s) => compareDates(s.on, today) <= 0);
  const reminders = due.filter((s) => s.kind === 'remind');
  const pastDue = compareDates(today, slot.dueOn) > 0;
  const latestReminder = pastDue ? undefined : reminders[reminders.length - 1];
  const act = due.filter((s) => s.kind !== 'remind' || s === latestReminder);
  const skip = due.filter((s) => !act.includes(s));
  return { act, skip };
}

/** Whether the slot waits for a version from its submitter: open, or returned for correction (R9.3). */
export const awaitsVersion = (s: Pick<ReportSlot, 'status'>): boolean =>
  s.status === 'open' || s.status === 'returned';

/** A slot's derived fields on a day (issue 18). */
export interface SlotState {
  readonly overdue: boolean;
  readonly nextActionOn?: IsoDate;
}

/**
 * The one rule for a slot's derived fields on `today` (Asia/Shanghai), used for what is stored and for what is
 * shown, so that they never disagree (issue 18):
 * - `overdue` (逾期): the due date has passed and the slot still waits for a version — open, or returned for
 *   correction. A version in for review, an accepted report and a cancelled slot are not overdue; whether the first
 *   version arrived in time is `onTime` (B3), which never changes.
 * - `nextActionOn`: the day the deadline job next does something for the slot (a reminder, the overdue notice, an
 *   escalation): today when a pending step is due and would be acted on, otherwise the first later day on which
 *   one will be; absent when none will be or the slot waits for no version. Never before today. Stored, it is the
 *   byDue index key: the job, reading what is due by its day, finds the slot on the first day it has to act.
 */
export function slotState(slot: Pick<ReportSlot, 'status' | 'dueOn' | 'steps'>, today: IsoDate): SlotState {
  if (!awaitsVersion(slot)) return { overdue: false };
  const overdue = compareDates(today, slot.dueOn) > 0;
  if (decideSteps(slot, today).act.length > 0) return { overdue, nextActionOn: today };
  const later = [
    ...new Set(slot.steps.filter((s) => !s.done && compareDates(s.on, today) > 0).map((s) => s.on)),
  ].sort(compareDates);
  const next = later.find((day) => decideSteps(slot, day).act.length > 0);
  return next ? { overdue, nextActionOn: next } : { overdue };
}

/** The slot with its derived fields as of `today`: what a view shows and what a write stores. */
export function withSlotState(slot: ReportSlot, today: IsoDate): ReportSlot {
  const { nextActionOn: _n, ...rest } = slot;
  return { ...rest, ...slotState(slot, today) };
}

/**
 * The deadline job's change to a slot on `today` (B1): the steps it acts on or drops marked done, the derived
 * fields from `slotState`. Undefined when there is nothing to do.
 */
export function applyDueSteps(
  slot: ReportSlot,
  today: IsoDate,
  at: string,
): { readonly after: ReportSlot; readonly decision: StepDecision } | undefined {
  const decision = decideSteps(slot, today);
  if (decision.act.length === 0 && decision.skip.length === 0) return undefined;
  const done = new Map<string, 'acted' | 'skipped'>([
    ...decision.act.map((s) => [s.id, 'acted'] as const),
    ...decision.skip.map((s) => [s.id, 'skipped'] as const),
  ]);
  const steps = slot.steps.map((s) => {
    const d = done.get(s.id);
    return d ? { ...s, done: d } : s;
  });
  return {
    after: withSlotState({ ...slot, steps, version: slot.version + 1, updatedAt: at }, today),
    decision,
  };
}

/** The parties a step notifies: reminders and overdue notices go to the submitter; escalation also to its supervisor. */
export function stepAudience(slot: ReportSlot, step: ReportStep): Party[] {
  if (slot.kind === 'annual_district') {
    // R20.1: reminders to the district; from the day after the deadline the city is told too.
    return step.kind === 'remind' ? [slot.submitter] : [slot.submitter, { role: 'city_civil_affairs' }];
  }
  if (step.kind === 'escalate') {
    return [slot.submitter, { role: 'district_civil_affairs', district: slot.districtCode }];
  }
  return [slot.submitter];
}

/** Whether the upload of `uploadedOn` (Asia/Shanghai date) is on time: on or before the due date. */
export const isOnTime = (slot: Pick<ReportSlot, 'dueOn'>, uploadedOn: IsoDate): boolean =>
  compareDates(uploadedOn, slot.dueOn) <= 0;

/**
 * Whether the slot waits for a review by one of the principal's parties (R9.3): a validated version is in, the
 * party is among the recipients and has not yet reviewed that version (the 待审阅 list).
 */
export const awaitsReviewBy = (slot: ReportSlot, principal: Principal): boolean =>
  slot.status === 'submitted' &&
  partiesOf(principal)
    .map(partyKey)
    .some((p) => slot.recipients.some((r) => partyKey(r) === p) && !slot.reviews.some((r) => r.party === p));

/** What a reader may do with a slot now; the portal offers these and no other (R9.3, R9.4). */
export const SLOT_ACTIONS = ['upload', 'review'] as const;
export type SlotAction = (typeof SLOT_ACTIONS)[number];

/**
 * `upload` for the slot's submitter once its period has begun and while it takes a version (`assertPeriodBegun`,
 * `assertUploadable`), `review` for a recipient that has not yet reviewed the current version (`awaitsReviewBy`):
 * the same checks the writes make.
 */
export function slotActions(slot: ReportSlot, principal: Principal, today: IsoDate): SlotAction[] {
  const submitter = partiesOf(principal).map(partyKey).includes(partyKey(slot.submitter));
  return [
    ...(submitter && takesUpload(slot) && periodBegun(slot, today) ? (['upload'] as const) : []),
    ...(awaitsReviewBy(slot, principal) ? (['review'] as const) : []),
  ];
}

/**
 * A recipient's review of the current version: any return sends the report back to the submitter; it is
 * accepted once every recipient has accepted it.
 */
export function reviewSlot(slot: ReportSlot, review: Review): Pick<ReportSlot, 'status' | 'reviews'> {
  if (slot.status !== 'submitted' || !slot.currentUploadId) {
    throw new DomainError(
      'REPORT_NOT_SUBMITTED',
      409,
      '该报告尚无待审阅的版本',
      '报送方上传并通过校验后才能审阅。',
      { rule: 'R9.3' },
    );
  }
  if (slot.reviews.some((r) => r.party === review.party)) {
    throw new DomainError(
      'REPORT_ALREADY_REVIEWED',
      409,
      '已对当前版本作出审阅意见',
      '您已对当前版本作出审阅意见；报送方上传新版本后可再次审阅。',
      {
        rule: 'R9.3',
      },
    );
  }
  const reviews = [...slot.reviews, review];
  if (review.decision === 'return') return { status: 'returned', reviews };
  const accepted = slot.recipients.every((p) =>
    reviews.some((r) => r.party === partyKey(p) && r.decision === 'accept'),
  );
  return { status: accepted ? 'accepted' : 'submitted', reviews };
}

/**
 * The slot after a recipient's review on `today`: a return re-opens it for a new version, its remaining deadline
 * steps in force again through `slotState` (a reminder whose day has passed is not re-armed into the past).
 */
export function reviewedSlot(slot: ReportSlot, review: Review, today: IsoDate): ReportSlot {
  return withSlotState(
    { ...slot, ...reviewSlot(slot, review), version: slot.version + 1, updatedAt: review.at },
    today,
  );
}

/**
 * The slot once a validated version is in (R9.4), on `today`: submitted, the version current, its reviews cleared;
 * timeliness (B3) from the first version only. No reminder or overdue step applies while it is in (B1).
 */
export function submittedSlot(
  slot: ReportSlot,
  version: { readonly uploadId: string; readonly uploadedAt: string; readonly uploadedOn: IsoDate },
  today: IsoDate,
  at: string,
): ReportSlot {
  return withSlotState(
    {
      ...slot,
      status: 'submitted',
      currentUploadId: version.uploadId,
      currentUploadedAt: version.uploadedAt,
      reviews: [],
      ...(slot.firstSubmittedOn
        ? {}
        : { firstSubmittedOn: version.uploadedOn, onTime: isOnTime(slot, version.uploadedOn) }),
      version: slot.version + 1,
      updatedAt: at,
    },
    today,
  );
}
