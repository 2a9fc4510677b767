import { ulid } from 'ulid';
import { activeContractOf, getWorker } from '#shared/adapters/dynamodb/contracts.repository';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import { getRecipient } from '#shared/adapters/dynamodb/recipients.repository';
import { listRecords } from '#shared/adapters/dynamodb/records.repository';
import {
  createCaseWrite,
  createServiceRecordWrite,
  createVolunteerHoursWrite,
  createVolunteerWrite,
  getCase,
  getServiceRecord,
  getVolunteer,
  monthServiceRecords,
  monthVolunteerHours,
  queryCases,
  queryServiceRecords,
  queryVolunteerHours,
  queryVolunteers,
  sealVolunteerPhone,
  updateCaseWrite,
  updateServiceRecordWrite,
} from '#shared/adapters/dynamodb/service-records.repository';
import { getStation, queryStations } from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal, ResourceScope } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { addDays, type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import type { SupervisionSession } from '#shared/domain/contracts/supervision';
import { DomainError, notFound, versionConflict } from '#shared/domain/errors';
import { type Case, type CaseOutcome, transitionCase } from '#shared/domain/services/case';
import {
  addServiceHours,
  checkServiceFacts,
  type ServiceFacts,
  type ServiceHours,
  type ServiceKind,
  type ServiceRecord,
  serviceHours,
  transitionServiceRecord,
} from '#shared/domain/services/service-record';
import {
  type MaskedVolunteer,
  maskedVolunteer,
  type Volunteer,
  type VolunteerHours,
  volunteerHoursOf,
} from '#shared/domain/services/volunteer';
import type { Station } from '#shared/domain/stations/station';
import { assertInScope, readableDistricts } from '../access';

/**
 * Service records, cases and service hours (issue 19 item 2). Who reaches what: the operator running the station's
 * contract in force today writes and reads; the district civil affairs bureau of the station's district, the street
 * office of its street and the city read (a record names recipients by id only, so reading it reveals nobody).
 */
const scopeOf = (
  s: Pick<Station, 'districtCode' | 'streetCode'>,
  contract: Contract | undefined,
): ResourceScope => ({
  district: s.districtCode,
  street: s.streetCode,
  orgs: contract ? [contract.operator.orgId] : [],
});
const auditScope = (s: Pick<Station, 'districtCode' | 'streetCode'>) => ({
  district: s.districtCode,
  street: s.streetCode,
});

async function stationInScope(principal: Principal, stationId: string, today: IsoDate) {
  const station = await getStation(stationId);
  if (!station) throw notFound('社工站');
  const contract = await activeContractOf(station.id, today);
  assertInScope(principal, scopeOf(station, contract));
  return { station, contract };
}

const noContract = () =>
  new DomainError(
    'NO_CONTRACT_IN_FORCE',
    409,
    '该社工站没有现行合同',
    '服务记录记在本站现行合同之下；该站目前没有生效的服务合同，不能记录服务。',
  );

/** The contract in force today, which every write of a station's service belongs to. */
function contractInForce(contract: Contract | undefined): Contract {
  if (!contract) throw noContract();
  return contract;
}

/** Each worker is on the contract's roster and on staff on the date (R9.1). */
async function checkWorkers(
  stationId: string,
  contract: Contract,
  workerIds: readonly string[],
  date: IsoDate,
) {
  for (const id of workerIds) {
    const w = await getWorker(stationId, contract.id, id);
    if (!w || w.startOn > date || (w.endOn !== undefined && w.endOn < date)) {
      throw new DomainError('WORKER_NOT_ON_ROSTER', 422, '服务社工不在本站花名册中', undefined, {
        rule: 'R9.1',
        errors: [{ path: 'body.workerIds', message: `${id} 在 ${date} 不在本站现行合同的花名册中` }],
      });
    }
  }
}

/** Each recipient is registered at the station and still active (a file marked for deletion takes no new service). */
async function checkRecipients(
  stationId: string,
  recipientIds: readonly string[],
  path = 'body.recipientIds',
) {
  for (const id of recipientIds) {
    const r = await getRecipient(id);
    if (!r || r.stationId !== stationId || r.status !== 'active') {
      throw new DomainError('RECIPIENT_NOT_REGISTERED', 422, '服务对象未在本站建档', undefined, {
        errors: [{ path, message: `${id} 不是本站在册的服务对象` }],
      });
    }
  }
}

export interface NewServiceRecord extends ServiceFacts {
  readonly title: string;
  readonly notes?: string;
}

/** A case intervention's case: the station's, its recipient served, and its next stage (a conditional write). */
async function interventionCaseWrite(
  actor: Actor,
  station: Station,
  facts: ServiceFacts,
  recordId: string,
): Promise<{ writes: Write[]; audits: ReturnType<typeof auditRecordOf>[] }> {
  if (facts.kind !== 'case-intervention' || !facts.caseId) return { writes: [], audits: [] };
  const before = await getCase(facts.caseId);
  if (!before || before.stationId !== station.id) throw notFound('个案');
  if (!facts.recipientIds.includes(before.recipientId)) {
    throw new DomainError('CASE_RECIPIENT_MISSING', 422, '个案干预须服务该个案的服务对象', undefined, {
      errors: [{ path: 'body.recipientIds', message: `须包含个案的服务对象 ${before.recipientId}` }],
    });
  }
  const after: Case = {
    ...before,
    stage: transitionCase(before.stage, 'intervention'),
    interventionIds: [...before.interventionIds, recordId],
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  return {
    writes: [updateCaseWrite(before, after)],
    audits: [
      auditRecordOf(actor, {
        action: 'case.intervention',
        entity: { type: 'case', id: before.id },
        scope: auditScope(before),
        before: { stage: before.stage },
        after: { stage: after.stage, interventionId: recordId },
      }),
    ],
  };
}

/**
 * The operator running the station records a service given (服务记录).
 * 1. Read the station and its contract in force today: only that contract's operator records (403 otherwise).
 * 2. Check the facts: a date from the contract's start to today, whole minutes up to a day, the headcount.
 * 3. Check the workers (on the roster on that date) and the recipients (registered at the station), by id.
 * 4. A case intervention moves its case to (or keeps it in) the intervention stage, conditional on its version.
 * 5. Store the record (and the case) with the audit records in one transaction.
 */
export async function recordService(
  actor: Actor,
  stationId: string,
  input: NewServiceRecord,
): Promise<ServiceRecord> {
  const today = shanghaiDate(actor.now);
  const { station, contract: current } = await stationInScope(actor.principal, stationId, today);
  const contract = contractInForce(current);
  checkServiceFacts(input, today, contract.servicePeriod.start);
  await checkWorkers(station.id, contract, input.workerIds, input.date);
  await checkRecipients(station.id, input.recipientIds);
  const id = ulid(actor.now.getTime());
  const linked = await interventionCaseWrite(actor, station, input, id);
  const at = actor.now.toISOString();
  const record: ServiceRecord = {
    id,
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    contractId: contract.id,
    kind: input.kind,
    date: input.date,
    title: input.title,
    ...(input.notes ? { notes: input.notes } : {}),
    workerIds: [...input.workerIds],
    recipientIds: [...input.recipientIds],
    ...(input.headcount !== undefined ? { headcount: input.headcount } : {}),
    ...(input.caseId ? { caseId: input.caseId } : {}),
    minutes: input.minutes,
    status: 'recorded',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [createServiceRecordWrite(record), ...linked.writes],
    [
      auditRecordOf(actor, {
        action: 'service-record.create',
        entity: { type: 'service-record', id },
        scope: auditScope(station),
        after: record,
      }),
      ...linked.audits,
    ],
  );
  return record;
}

async function recordInScope(principal: Principal, id: string, today: IsoDate) {
  const record = await getServiceRecord(id);
  if (!record) throw notFound('服务记录');
  const contract = await activeContractOf(record.stationId, today);
  assertInScope(principal, scopeOf(record, contract));
  return { record, contract };
}

export async function readServiceRecord(principal: Principal, id: string, now: Date): Promise<ServiceRecord> {
  return (await recordInScope(principal, id, shanghaiDate(now))).record;
}

/** A station's records of a month, a page at a time, optionally of one kind (voided ones shown as such). */
export async function listServiceRecords(
  principal: Principal,
  stationId: string,
  q: { month: string; kind?: ServiceKind; limit: number; cursor?: string },
  now: Date,
): Promise<Page<ServiceRecord>> {
  await stationInScope(principal, stationId, shanghaiDate(now));
  return queryServiceRecords(stationId, q.month, q);
}

const assertRecorded = (r: ServiceRecord) => {
  if (r.status === 'void') {
    throw new DomainError('SERVICE_RECORD_VOID', 409, '该服务记录已作废', '已作废的服务记录不能再修改。');
  }
};

export type ServiceRecordPatch = Partial<Omit<NewServiceRecord, 'kind' | 'caseId'>> & {
  readonly version: number;
};

/**
 * The operator corrects a record (its kind and case stay): the merged record is checked as a new one would be, and
 * replaces the old one if its version is still the one read, with the before and after in the audit record.
 */
export async function updateServiceRecord(
  actor: Actor,
  id: string,
  patch: ServiceRecordPatch,
): Promise<ServiceRecord> {
  const today = shanghaiDate(actor.now);
  const { record: before, contract: current } = await recordInScope(actor.principal, id, today);
  if (before.version !== patch.version) throw versionConflict();
  assertRecorded(before);
  const contract = contractInForce(current);
  const { version: _v, ...changes } = patch;
  const merged = { ...before, ...changes };
  checkServiceFacts(merged, today, contract.servicePeriod.start);
  if (changes.workerIds || changes.date)
    await checkWorkers(before.stationId, contract, merged.workerIds, merged.date);
  if (changes.recipientIds) {
    const added = changes.recipientIds.filter((r) => !before.recipientIds.includes(r));
    await checkRecipients(before.stationId, added);
    if (before.caseId) {
      const c = await getCase(before.caseId);
      if (c && !changes.recipientIds.includes(c.recipientId)) {
        throw new DomainError('CASE_RECIPIENT_MISSING', 422, '个案干预须服务该个案的服务对象', undefined, {
          errors: [{ path: 'body.recipientIds', message: `须包含个案的服务对象 ${c.recipientId}` }],
        });
      }
    }
  }
  const after: ServiceRecord = {
    ...merged,
    contractId: contract.id,
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [updateServiceRecordWrite(before, after)],
    [
      auditRecordOf(actor, {
        action: 'service-record.update',
        entity: { type: 'service-record', id },
        scope: auditScope(before),
        before,
        after,
      }),
    ],
  );
  return after;
}

/**
 * Voids a mistaken record (作废): it stays on file with the reason and stops counting in the service hours; the
 * write is conditional on the version read and carries its audit record.
 */
export async function voidServiceRecord(
  actor: Actor,
  id: string,
  input: { version: number; reason: string },
): Promise<ServiceRecord> {
  const today = shanghaiDate(actor.now);
  const { record: before } = await recordInScope(actor.principal, id, today);
  if (before.version !== input.version) throw versionConflict();
  const after: ServiceRecord = {
    ...before,
    status: transitionServiceRecord(before.status, 'void'),
    voided: { on: today, reason: input.reason },
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  // A voided intervention leaves its open case's list (a closed case keeps its history as it was closed).
  const linked = before.caseId ? await getCase(before.caseId) : undefined;
  const caseAfter: Case | undefined =
    linked && linked.stage !== 'closed' && linked.interventionIds.includes(id)
      ? {
          ...linked,
          interventionIds: linked.interventionIds.filter((i) => i !== id),
          version: linked.version + 1,
          updatedAt: actor.now.toISOString(),
        }
      : undefined;
  await commitWithAudit(
    [
      updateServiceRecordWrite(before, after),
      ...(linked && caseAfter ? [updateCaseWrite(linked, caseAfter)] : []),
    ],
    [
      auditRecordOf(actor, {
        action: 'service-record.void',
        entity: { type: 'service-record', id },
        scope: auditScope(before),
        before: { status: before.status },
        after: { status: after.status, voided: after.voided },
      }),
      ...(caseAfter
        ? [
            auditRecordOf(actor, {
              action: 'case.intervention-voided',
              entity: { type: 'case', id: caseAfter.id },
              scope: auditScope(caseAfter),
              before: { interventionIds: linked?.interventionIds },
              after: { interventionIds: caseAfter.interventionIds },
            }),
          ]
        : []),
    ],
  );
  return after;
}

/** The first and last day of a `YYYY-MM` month. */
const monthBounds = (month: string) => {
  const start = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { start, end: addDays(next, -1) };
};

/** One station's month: its records through the station+month index and its contract's supervision sessions. */
async function stationMonth(station: Station, month: string, today: IsoDate): Promise<ServiceHours> {
  const records = await monthServiceRecords(station.id, month);
  const { start, end } = monthBounds(month);
  const contract = await activeContractOf(station.id, end < today ? end : today);
  const sessions = contract
    ? (await listRecords<SupervisionSession>(`CONTRACT#${contract.id}`, 'supervision', start)).filter(
        (s) => s.heldOn <= end,
      )
    : [];
  return serviceHours(records, sessions);
}

/**
 * A station's service hours of a month (computed from the records, never typed), with its volunteers' hours apart,
 * for whoever reads the station.
 */
export async function stationServiceHours(principal: Principal, stationId: string, month: string, now: Date) {
  const today = shanghaiDate(now);
  const { station } = await stationInScope(principal, stationId, today);
  return {
    stationId: station.id,
    month,
    ...(await stationMonth(station, month, today)),
    volunteers: volunteerHoursOf(await monthVolunteerHours(station.id, month)),
  };
}

/** A district's month: each of its stations' service hours and their sum, for the district and the city. */
export async function districtServiceHours(principal: Principal, district: string, month: string, now: Date) {
  const [code] = await readableDistricts(principal, district);
  const today = shanghaiDate(now);
  const stations: Station[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryStations({
      districts: [code as string],
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    stations.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const parts = [];
  for (const s of stations) {
    const h = await stationMonth(s, month, today);
    parts.push({ stationId: s.id, streetCode: s.streetCode, ...h });
  }
  return {
    districtCode: code as string,
    month,
    ...addServiceHours(parts),
    stations: parts.map(({ workers: _w, ...p }) => p),
  };
}

// ————— Cases (个案) —————

async function caseInScope(principal: Principal, id: string, today: IsoDate) {
  const found = await getCase(id);
  if (!found) throw notFound('个案');
  const contract = await activeContractOf(found.stationId, today);
  assertInScope(principal, scopeOf(found, contract));
  return { found, contract };
}

const checkStageDate = (on: IsoDate, after: IsoDate, today: IsoDate, path: string) => {
  if (on > today || on < after) {
    throw new DomainError('CASE_DATE_INVALID', 422, '日期无效', undefined, {
      errors: [{ path, message: `应在 ${after} 至 ${today} 之间` }],
    });
  }
};

/**
 * Intake (接案): the operator running the station opens a case for one of its registered recipients, led by a
 * worker on the roster, with the presenting problem; stored with its audit record in one transaction.
 */
export async function openCase(
  actor: Actor,
  stationId: string,
  input: { recipientId: string; workerId: string; presentingProblem: string; openedOn: IsoDate },
): Promise<Case> {
  const today = shanghaiDate(actor.now);
  const { station, contract: current } = await stationInScope(actor.principal, stationId, today);
  const contract = contractInForce(current);
  checkStageDate(input.openedOn, contract.servicePeriod.start, today, 'body.openedOn');
  await checkWorkers(station.id, contract, [input.workerId], input.openedOn);
  await checkRecipients(station.id, [input.recipientId], 'body.recipientId');
  const at = actor.now.toISOString();
  const opened: Case = {
    id: ulid(actor.now.getTime()),
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    contractId: contract.id,
    ...input,
    stage: 'intake',
    interventionIds: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [createCaseWrite(opened)],
    [
      auditRecordOf(actor, {
        action: 'case.open',
        entity: { type: 'case', id: opened.id },
        scope: auditScope(station),
        after: opened,
      }),
    ],
  );
  return opened;
}

export async function readCase(principal: Principal, id: string, now: Date): Promise<Case> {
  return (await caseInScope(principal, id, shanghaiDate(now))).found;
}

export async function listCases(
  principal: Principal,
  stationId: string,
  q: { limit: number; cursor?: string },
  now: Date,
): Promise<Page<Case>> {
  await stationInScope(principal, stationId, shanghaiDate(now));
  return queryCases(stationId, q.limit, q.cursor);
}

export type CaseStep =
  | { readonly stage: 'assessment'; readonly on: IsoDate; readonly findings: string }
  | { readonly stage: 'plan'; readonly on: IsoDate; readonly goals: readonly string[] }
  | {
      readonly stage: 'closed';
      readonly on: IsoDate;
      readonly outcome: CaseOutcome;
      readonly summary: string;
    };

/**
 * Moves a case to its next stage (assessment 预估, plan 服务计划 with goals, closing 结案 with the outcome): the
 * transition table decides (409 INVALID_TRANSITION otherwise, e.g. closing a case with no intervention); the write is
 * conditional on the version read and carries its audit record.
 */
export async function advanceCase(actor: Actor, id: string, version: number, step: CaseStep): Promise<Case> {
  const today = shanghaiDate(actor.now);
  const { found: before } = await caseInScope(actor.principal, id, today);
  if (before.version !== version) throw versionConflict();
  const stage = transitionCase(before.stage, step.stage);
  if (stage === 'closed' && before.interventionIds.length === 0) {
    throw new DomainError(
      'CASE_WITHOUT_INTERVENTION',
      409,
      '个案尚无有效的服务介入',
      '结案前须至少有一次有效的个案干预服务记录（已作废的不算）。',
    );
  }
  checkStageDate(step.on, before.openedOn, today, 'body.on');
  const detail =
    step.stage === 'assessment'
      ? { assessment: { on: step.on, findings: step.findings } }
      : step.stage === 'plan'
        ? { plan: { on: step.on, goals: [...step.goals] } }
        : { closing: { on: step.on, outcome: step.outcome, summary: step.summary } };
  const after: Case = {
    ...before,
    ...detail,
    stage,
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [updateCaseWrite(before, after)],
    [
      auditRecordOf(actor, {
        action: `case.${step.stage === 'closed' ? 'close' : step.stage}`,
        entity: { type: 'case', id },
        scope: auditScope(before),
        before: { stage: before.stage },
        after: { stage, ...detail },
      }),
    ],
  );
  return after;
}

// ————— Volunteers (志愿者) —————

/**
 * The operator running the station registers a volunteer: name, skills, the day registered and, if given, a phone
 * (sealed, shown masked); stored with its audit record (masked) in one transaction (with `extra`: a bulk import's
 * row marker).
 */
export async function registerVolunteer(
  actor: Actor,
  stationId: string,
  input: { name: string; skills: readonly string[]; registeredOn: IsoDate; phone?: string },
  extra: readonly Write[] = [],
): Promise<MaskedVolunteer> {
  const today = shanghaiDate(actor.now);
  const { station } = await stationInScope(actor.principal, stationId, today);
  if (input.registeredOn > today) {
    throw new DomainError('VOLUNTEER_DATE_IN_FUTURE', 422, '登记日期不能晚于今天', undefined, {
      errors: [{ path: 'body.registeredOn', message: `登记日期 ${input.registeredOn} 晚于今天 ${today}` }],
    });
  }
  const id = ulid(actor.now.getTime());
  const at = actor.now.toISOString();
  const volunteer: Volunteer = {
    id,
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    name: input.name,
    skills: [...input.skills],
    registeredOn: input.registeredOn,
    ...(input.phone
      ? { phone: input.phone, sealed: { phone: await sealVolunteerPhone(id, input.phone) } }
      : {}),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const stored = { ...volunteer, ...(volunteer.phone ? { phone: maskedVolunteer(volunteer).phone } : {}) };
  await commitWithAudit(
    [createVolunteerWrite(stored), ...extra],
    [
      auditRecordOf(actor, {
        action: 'volunteer.register',
        entity: { type: 'volunteer', id },
        scope: auditScope(station),
        after: maskedVolunteer(stored),
      }),
    ],
  );
  return maskedVolunteer(stored);
}

export async function listVolunteers(
  principal: Principal,
  stationId: string,
  q: { limit: number; cursor?: string },
  now: Date,
): Promise<Page<MaskedVolunteer>> {
  await stationInScope(principal, stationId, shanghaiDate(now));
  const page = await queryVolunteers(stationId, q.limit, q.cursor);
  return { ...page, items: page.items.map(maskedVolunteer) };
}

/**
 * The operator records hours a volunteer of the station gave (志愿服务时长): a date from the contract's start to
 * today, whole minutes up to a day, optionally the service record it was part of (of the same station).
 */
export async function recordVolunteerHours(
  actor: Actor,
  stationId: string,
  input: { volunteerId: string; date: IsoDate; minutes: number; activity: string; serviceRecordId?: string },
): Promise<VolunteerHours> {
  const today = shanghaiDate(actor.now);
  const { station, contract: current } = await stationInScope(actor.principal, stationId, today);
  const contract = contractInForce(current);
  const volunteer = await getVolunteer(input.volunteerId);
  if (!volunteer || volunteer.stationId !== station.id) {
    throw new DomainError('VOLUNTEER_NOT_REGISTERED', 422, '志愿者未在本站登记', undefined, {
      errors: [{ path: 'body.volunteerId', message: `${input.volunteerId} 不是本站登记的志愿者` }],
    });
  }
  checkServiceFacts(
    {
      kind: 'community-activity',
      date: input.date,
      minutes: input.minutes,
      workerIds: [],
      recipientIds: [],
      headcount: 0,
    },
    today,
    contract.servicePeriod.start,
  );
  if (input.serviceRecordId) {
    const record = await getServiceRecord(input.serviceRecordId);
    if (!record || record.stationId !== station.id) throw notFound('服务记录');
  }
  const entry: VolunteerHours = {
    id: ulid(actor.now.getTime()),
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    ...input,
    createdAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [createVolunteerHoursWrite(entry)],
    [
      auditRecordOf(actor, {
        action: 'volunteer-hours.record',
        entity: { type: 'volunteer-hours', id: entry.id },
        scope: auditScope(station),
        after: entry,
      }),
    ],
  );
  return entry;
}

export async function listVolunteerHours(
  principal: Principal,
  stationId: string,
  q: { month: string; limit: number; cursor?: string },
  now: Date,
): Promise<Page<VolunteerHours>> {
  await stationInScope(principal, stationId, shanghaiDate(now));
  return queryVolunteerHours(stationId, q.month, q.limit, q.cursor);
}
