import { compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import type { ServiceRecordKind } from '#shared/domain/handover/handover';
import type { Recipient } from '#shared/domain/recipients/recipient';
import { CASE_OUTCOMES, type Case, type CaseOutcome } from './case';
import { hoursOf, SERVICE_KINDS, type ServiceKind, type ServiceRecord } from './service-record';
import type { Volunteer, VolunteerHours } from './volunteer';

/**
 * What the service records feed (issue 19 item 3): the volume of service a station gave in a period, counted from
 * its records — never typed — for the performance and timeliness views (per station and district), the evaluation's
 * evidence, and the handover list of R10.2. Every figure is an exact integer; hours are derived from the integer
 * minutes by `hoursOf`.
 */
export interface Period {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

const within = (date: IsoDate, p: Period) => compareDates(date, p.from) >= 0 && compareDates(date, p.to) <= 0;

/** The `YYYY-MM` months a period touches, in order (none if it is empty): the partitions its records are read from. */
export function monthsOf(p: Period): string[] {
  const months: string[] = [];
  if (compareDates(p.from, p.to) > 0) return months;
  let [y, m] = p.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = p.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return months;
    months.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

export interface ServiceVolume {
  /** Service records in the period (voided ones do not count). */
  readonly records: number;
  readonly byKind: Record<ServiceKind, number>;
  /** Service minutes: each record's minutes once. */
  readonly minutes: number;
  /** Hours from the minutes, one decimal, rounded half up in integers. */
  readonly hours: string;
  /** Recipients served at least once (a recipient belongs to one station, so stations' counts add up). */
  readonly distinctRecipients: number;
  readonly casesOpened: number;
  /** Cases closed (结案) in the period, by outcome. */
  readonly casesClosed: number;
  readonly casesClosedByOutcome: Record<CaseOutcome, number>;
  /** Volunteers who gave hours in the period, and their minutes and hours. */
  readonly volunteers: number;
  readonly volunteerMinutes: number;
  readonly volunteerHours: string;
}

export interface StationServiceFacts {
  readonly records: readonly Pick<ServiceRecord, 'status' | 'kind' | 'date' | 'minutes' | 'recipientIds'>[];
  readonly cases: readonly Pick<Case, 'openedOn' | 'closing'>[];
  readonly volunteerHours: readonly Pick<VolunteerHours, 'volunteerId' | 'date' | 'minutes'>[];
}

const zeroKinds = () => Object.fromEntries(SERVICE_KINDS.map((k) => [k, 0])) as Record<ServiceKind, number>;
const zeroOutcomes = () =>
  Object.fromEntries(CASE_OUTCOMES.map((o) => [o, 0])) as Record<CaseOutcome, number>;

/** One station's service volume in `period`, from its records, cases and volunteer hours (any outside it ignored). */
export function serviceVolume(facts: StationServiceFacts, period: Period): ServiceVolume {
  const byKind = zeroKinds();
  const recipients = new Set<string>();
  let records = 0;
  let minutes = 0;
  for (const r of facts.records) {
    if (r.status !== 'recorded' || !within(r.date, period)) continue;
    records += 1;
    minutes += r.minutes;
    byKind[r.kind] += 1;
    for (const id of r.recipientIds) recipients.add(id);
  }
  const casesClosedByOutcome = zeroOutcomes();
  let casesOpened = 0;
  let casesClosed = 0;
  for (const c of facts.cases) {
    if (within(c.openedOn, period)) casesOpened += 1;
    if (c.closing && within(c.closing.on, period)) {
      casesClosed += 1;
      casesClosedByOutcome[c.closing.outcome] += 1;
    }
  }
  const volunteers = new Set<string>();
  let volunteerMinutes = 0;
  for (const h of facts.volunteerHours) {
    if (!within(h.date, period)) continue;
    volunteers.add(h.volunteerId);
    volunteerMinutes += h.minutes;
  }
  return {
    records,
    byKind,
    minutes,
    hours: hoursOf(minutes),
    distinctRecipients: recipients.size,
    casesOpened,
    casesClosed,
    casesClosedByOutcome,
    volunteers: volunteers.size,
    volunteerMinutes,
    volunteerHours: hoursOf(volunteerMinutes),
  };
}

/** The sum of several stations' volumes (a district's, the city's): integers add; hours from the summed minutes. */
export function addServiceVolumes(parts: readonly ServiceVolume[]): ServiceVolume {
  const byKind = zeroKinds();
  const casesClosedByOutcome = zeroOutcomes();
  let records = 0;
  let minutes = 0;
  let distinctRecipients = 0;
  let casesOpened = 0;
  let casesClosed = 0;
  let volunteers = 0;
  let volunteerMinutes = 0;
  for (const p of parts) {
    records += p.records;
    minutes += p.minutes;
    distinctRecipients += p.distinctRecipients;
    casesOpened += p.casesOpened;
    casesClosed += p.casesClosed;
    volunteers += p.volunteers;
    volunteerMinutes += p.volunteerMinutes;
    for (const k of SERVICE_KINDS) byKind[k] += p.byKind[k];
    for (const o of CASE_OUTCOMES) casesClosedByOutcome[o] += p.casesClosedByOutcome[o];
  }
  return {
    records,
    byKind,
    minutes,
    hours: hoursOf(minutes),
    distinctRecipients,
    casesOpened,
    casesClosed,
    casesClosedByOutcome,
    volunteers,
    volunteerMinutes,
    volunteerHours: hoursOf(volunteerMinutes),
  };
}

export interface HandoverFacts {
  readonly records: readonly Pick<ServiceRecord, 'status' | 'kind' | 'date' | 'contractId'>[];
  readonly cases: readonly Pick<Case, 'contractId'>[];
  readonly recipients: readonly Pick<Recipient, 'registeredOn' | 'status'>[];
  readonly volunteers: readonly Pick<Volunteer, 'registeredOn'>[];
}

/** Archive kinds with records in the system; the needs survey (服务需求调研) is kept on paper only. */
export const COUNTED_HANDOVER_KINDS = [
  'case',
  'group',
  'community',
  'visit',
  'client_file',
  'volunteer_file',
] as const satisfies readonly ServiceRecordKind[];
export type CountedHandoverKind = (typeof COUNTED_HANDOVER_KINDS)[number];

/**
 * R10.2: the handover list's counts, computed from the exiting contract's records of its period (the service period
 * up to the exit): its cases (个案, any stage), its group sessions (小组), community activities (社区服务), home and
 * phone visits (家访电访), the recipients (服务对象建档) and volunteers (志愿者建档) registered at the station in
 * the period (anonymised files hold nobody's data and are not handed over). Voided records do not count.
 */
export function handoverRecordCounts(
  facts: HandoverFacts,
  contractId: string,
  period: Period,
): Record<CountedHandoverKind, number> {
  const counts: Record<CountedHandoverKind, number> = {
    case: facts.cases.filter((c) => c.contractId === contractId).length,
    group: 0,
    community: 0,
    visit: 0,
    client_file: facts.recipients.filter((r) => r.status !== 'anonymised' && within(r.registeredOn, period))
      .length,
    volunteer_file: facts.volunteers.filter((v) => within(v.registeredOn, period)).length,
  };
  for (const r of facts.records) {
    if (r.status !== 'recorded' || r.contractId !== contractId || !within(r.date, period)) continue;
    if (r.kind === 'group-session') counts.group += 1;
    else if (r.kind === 'community-activity') counts.community += 1;
    else if (r.kind === 'visit-home' || r.kind === 'visit-phone') counts.visit += 1;
  }
  return counts;
}
