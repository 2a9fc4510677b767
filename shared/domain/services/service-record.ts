import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError, invalidTransition } from '#shared/domain/errors';

/**
 * A service record (服务记录, issue 19 item 2): one piece of direct service a station's social workers gave on a
 * date: a home or phone visit (家访/电访), a group session with its attendance (小组), a community activity with its
 * headcount (社区活动), or an intervention of a case (个案干预). It names its workers (on the roster of the station's
 * contract in force) and the station's registered recipients by id only: no personal data is ever copied into it.
 * Its duration is integer minutes; hours are computed from the minutes, never typed.
 *
 *   recorded → void    (a mistaken record is voided with a reason, stays on file and stops counting)
 */
export const SERVICE_KINDS = [
  'visit-home',
  'visit-phone',
  'group-session',
  'community-activity',
  'case-intervention',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_KIND_NAMES: Readonly<Record<ServiceKind, string>> = {
  'visit-home': '家访',
  'visit-phone': '电访',
  'group-session': '小组活动',
  'community-activity': '社区活动',
  'case-intervention': '个案干预',
};

export const SERVICE_RECORD_STATUSES = ['recorded', 'void'] as const;
export type ServiceRecordStatus = (typeof SERVICE_RECORD_STATUSES)[number];
export const SERVICE_RECORD_STATUS_NAMES: Readonly<Record<ServiceRecordStatus, string>> = {
  recorded: '有效',
  void: '已作废',
};
const TRANSITIONS: Readonly<Record<ServiceRecordStatus, readonly ServiceRecordStatus[]>> = {
  recorded: ['void'],
  void: [],
};
export function transitionServiceRecord(
  from: ServiceRecordStatus,
  to: ServiceRecordStatus,
): ServiceRecordStatus {
  if (!TRANSITIONS[from].includes(to))
    throw invalidTransition('服务记录', SERVICE_RECORD_STATUS_NAMES, from, to);
  return to;
}

/** A day has 1,440 minutes: no record of one day lasts longer. */
export const MAX_MINUTES = 24 * 60;

export interface ServiceRecord {
  readonly id: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  /** The contract in force on the record's date, whose roster the workers are on. */
  readonly contractId: string;
  readonly kind: ServiceKind;
  readonly date: IsoDate;
  readonly title: string;
  readonly notes?: string;
  readonly workerIds: readonly string[];
  /** Ids of the station's registered recipients served (a group session's attendance). */
  readonly recipientIds: readonly string[];
  /** A community activity's headcount: everyone who came, registered or not (≥ the registered attendance). */
  readonly headcount?: number;
  /** The case (个案) a case intervention belongs to. */
  readonly caseId?: string;
  readonly minutes: number;
  readonly status: ServiceRecordStatus;
  readonly voided?: { readonly on: IsoDate; readonly reason: string };
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ServiceFacts {
  readonly kind: ServiceKind;
  readonly date: IsoDate;
  readonly minutes: number;
  readonly workerIds: readonly string[];
  readonly recipientIds: readonly string[];
  readonly headcount?: number;
  readonly caseId?: string;
}

const refused = (code: string, title: string, path: string, message: string) =>
  new DomainError(code, 422, title, undefined, { errors: [{ path, message }] });

/**
 * The rules of a record that need no database: a date neither in the future nor before the contract started; whole
 * minutes, more than none and at most a day; at least one worker, each once; the recipients each once; a visit and a
 * case intervention serve someone; a community activity's headcount at least its registered attendance; a case
 * intervention names its case and nothing else does.
 */
export function checkServiceFacts(f: ServiceFacts, today: IsoDate, contractStart: IsoDate): void {
  if (f.date > today) {
    throw refused(
      'SERVICE_DATE_IN_FUTURE',
      '服务日期不能晚于今天',
      'body.date',
      `服务日期 ${f.date} 晚于今天 ${today}`,
    );
  }
  if (f.date < contractStart) {
    throw refused(
      'SERVICE_DATE_BEFORE_CONTRACT',
      '服务日期早于合同服务期开始',
      'body.date',
      `服务日期 ${f.date} 早于本站现行合同的服务期开始日 ${contractStart}`,
    );
  }
  if (!Number.isInteger(f.minutes) || f.minutes <= 0 || f.minutes > MAX_MINUTES) {
    throw refused(
      'SERVICE_MINUTES_INVALID',
      '服务时长无效',
      'body.minutes',
      `应为 1 至 ${MAX_MINUTES} 之间的整数分钟`,
    );
  }
  if (new Set(f.workerIds).size !== f.workerIds.length) {
    throw refused('DUPLICATE_WORKER', '服务社工重复', 'body.workerIds', '同一社工只填一次');
  }
  if (new Set(f.recipientIds).size !== f.recipientIds.length) {
    throw refused('DUPLICATE_RECIPIENT', '服务对象重复', 'body.recipientIds', '同一服务对象只填一次');
  }
  if (f.kind !== 'community-activity' && f.kind !== 'group-session' && f.recipientIds.length === 0) {
    throw refused(
      'RECIPIENT_REQUIRED',
      '须填写服务对象',
      'body.recipientIds',
      `${SERVICE_KIND_NAMES[f.kind]}须至少有一名服务对象`,
    );
  }
  if (f.kind === 'community-activity') {
    if (f.headcount === undefined || f.headcount < f.recipientIds.length) {
      throw refused(
        'HEADCOUNT_BELOW_ATTENDANCE',
        '参与人数少于登记出席人数',
        'body.headcount',
        `社区活动须填写参与总人数，且不少于登记的服务对象 ${f.recipientIds.length} 人`,
      );
    }
  } else if (f.headcount !== undefined) {
    throw refused(
      'HEADCOUNT_NOT_APPLICABLE',
      '仅社区活动填写参与人数',
      'body.headcount',
      '仅社区活动填写参与总人数',
    );
  }
  if ((f.kind === 'case-intervention') !== (f.caseId !== undefined)) {
    throw refused(
      'CASE_LINK_INVALID',
      '个案干预须关联个案',
      'body.caseId',
      f.kind === 'case-intervention' ? '个案干预须填写所属个案' : '只有个案干预关联个案',
    );
  }
}

/** Hours from integer minutes, to one decimal, rounded half up, in integers only: 90 → "1.5", 100 → "1.7". */
export function hoursOf(minutes: number): string {
  const tenths = Math.floor((minutes + 3) / 6);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

export interface SupervisionFacts {
  readonly workerIds: readonly string[];
  readonly minutes: number;
}

export interface WorkerHours {
  readonly workerId: string;
  readonly minutes: number;
  readonly hours: string;
  readonly records: number;
  readonly supervisionMinutes: number;
  readonly supervisionHours: string;
}

export interface ServiceHours {
  readonly minutes: number;
  readonly hours: string;
  readonly records: number;
  readonly byKind: Record<ServiceKind, number>;
  readonly distinctRecipients: number;
  readonly workers: WorkerHours[];
  readonly supervision: { readonly sessions: number; readonly minutes: number; readonly hours: string };
}

/**
 * A month's service hours from its records (voided ones do not count): the station's minutes are each record's
 * minutes once; a worker's are the minutes of every record naming them (two workers on a one-hour visit each served
 * an hour); the recipients are counted once however often served. Supervision (督导, R14.1) is counted apart: it is
 * time the workers were supervised, not service given.
 */
export function serviceHours(
  records: readonly Pick<ServiceRecord, 'status' | 'kind' | 'minutes' | 'workerIds' | 'recipientIds'>[],
  supervision: readonly SupervisionFacts[] = [],
): ServiceHours {
  const counted = records.filter((r) => r.status === 'recorded');
  const byKind = Object.fromEntries(SERVICE_KINDS.map((k) => [k, 0])) as Record<ServiceKind, number>;
  const perWorker = new Map<string, { minutes: number; records: number; supervisionMinutes: number }>();
  const worker = (id: string) => {
    const w = perWorker.get(id) ?? { minutes: 0, records: 0, supervisionMinutes: 0 };
    perWorker.set(id, w);
    return w;
  };
  const recipients = new Set<string>();
  let minutes = 0;
  for (const r of counted) {
    minutes += r.minutes;
    byKind[r.kind] += 1;
    for (const id of r.recipientIds) recipients.add(id);
    for (const id of r.workerIds) {
      const w = worker(id);
      w.minutes += r.minutes;
      w.records += 1;
    }
  }
  let supervisionMinutes = 0;
  for (const s of supervision) {
    supervisionMinutes += s.minutes;
    for (const id of s.workerIds) worker(id).supervisionMinutes += s.minutes;
  }
  return {
    minutes,
    hours: hoursOf(minutes),
    records: counted.length,
    byKind,
    distinctRecipients: recipients.size,
    workers: [...perWorker.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([workerId, w]) => ({
        workerId,
        minutes: w.minutes,
        hours: hoursOf(w.minutes),
        records: w.records,
        supervisionMinutes: w.supervisionMinutes,
        supervisionHours: hoursOf(w.supervisionMinutes),
      })),
    supervision: {
      sessions: supervision.length,
      minutes: supervisionMinutes,
      hours: hoursOf(supervisionMinutes),
    },
  };
}

/** The sum of several stations' months (a district's). */
export function addServiceHours(parts: readonly ServiceHours[]): Omit<
  ServiceHours,
  'workers' | 'distinctRecipients'
> & {
  distinctRecipients: number;
} {
  const byKind = Object.fromEntries(SERVICE_KINDS.map((k) => [k, 0])) as Record<ServiceKind, number>;
  let minutes = 0;
  let records = 0;
  let recipients = 0;
  let sessions = 0;
  let supervisionMinutes = 0;
  for (const p of parts) {
    minutes += p.minutes;
    records += p.records;
    recipients += p.distinctRecipients;
    sessions += p.supervision.sessions;
    supervisionMinutes += p.supervision.minutes;
    for (const k of SERVICE_KINDS) byKind[k] += p.byKind[k];
  }
  return {
    minutes,
    hours: hoursOf(minutes),
    records,
    byKind,
    // Recipients belong to one station each, so the stations' distinct counts add up.
    distinctRecipients: recipients,
    supervision: { sessions, minutes: supervisionMinutes, hours: hoursOf(supervisionMinutes) },
  };
}
