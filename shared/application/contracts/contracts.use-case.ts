import { ulid } from 'ulid';
import { idNumberForDigest, personDigest } from '#shared/adapters/crypto/person-digest';
import {
  createContractWrites,
  createWorkerWrite,
  getContract,
  getWorker,
  listWorkers,
  openWorker,
  queryContracts,
  readStationRegister,
  resealWorkerPhone,
  sealWorker,
  updateContractWrites,
  updateWorkerWrite,
} from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { keys } from '#shared/adapters/dynamodb/keys';
import { type Page, pageAcrossPartitions } from '#shared/adapters/dynamodb/pagination';
import { holdPersonWrite, personHolder } from '#shared/adapters/dynamodb/person-guard.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { isCityWide, type Principal, type ResourceScope } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate, zhDate } from '#shared/domain/calendar/dates';
import {
  type Contract,
  type ContractStatus,
  type ContractTerms,
  checkTerms,
  transitionContract,
} from '#shared/domain/contracts/contract';
import {
  type MaskedWorker,
  maskedWorker,
  type Worker,
  type WorkerPersonalData,
} from '#shared/domain/contracts/roster';
import { checkKeyDomains, type ServiceDomain, serviceYears } from '#shared/domain/contracts/service-domains';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { logger } from '#shared/http/logger';
import { assertInScope } from '../access';
import { windowWrites } from '../evaluation/evaluation-windows.use-case';
import { policyOn } from '../policy/policies.use-case';
import { cancelSlotWrites, contractSlotWrites } from '../reports/reports.use-case';
import { readStation } from '../stations/stations.use-case';

/** Who a contract belongs to: its district and street, and its operator. */
export const contractScope = (
  c: Pick<Contract, 'districtCode' | 'streetCode' | 'operator'>,
): ResourceScope => ({
  district: c.districtCode,
  street: c.streetCode,
  orgs: [c.operator.orgId],
});

/**
 * Registers a draft contract for a station (R3.1, R23.1).
 * 1. Read the station (404/403 as for reading it); a closed station takes no contract.
 * 2. Check the terms add up (amount = three parts = tranches, to the fen).
 * 3. Write the draft and take its number (409 if used) with the audit record, in one transaction (with
 *    `alongside`: a bulk import's row marker).
 */
export async function registerContract(
  actor: Actor,
  stationId: string,
  terms: ContractTerms,
  alongside: readonly Write[] = [],
): Promise<Contract> {
  const station = await readStation(actor.principal, stationId);
  if (station.status === 'closed') {
    throw new DomainError(
      'STATION_CLOSED',
      409,
      '社工站已撤销，不能签订服务合同',
      '已撤销（关闭）的社工站不再签订服务合同；请为运营中的社工站签订。',
      {
        rule: 'R3.1',
      },
    );
  }
  checkTerms(terms);
  const at = actor.now.toISOString();
  const contract: Contract = {
    id: ulid(actor.now.getTime()),
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    ...terms,
    status: 'draft',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [...createContractWrites(contract), ...alongside],
    [
      auditRecordOf(actor, {
        action: 'contract.create',
        entity: { type: 'contract', id: contract.id },
        scope: { district: contract.districtCode, street: contract.streetCode },
        after: contract,
      }),
    ],
  );
  return contract;
}

export async function readContract(principal: Principal, id: string): Promise<Contract> {
  const contract = await getContract(id);
  if (!contract) throw notFound('服务合同');
  assertInScope(principal, contractScope(contract));
  return contract;
}

export interface ContractListQuery {
  readonly district?: string;
  readonly street?: string;
  readonly stationId?: string;
  readonly status?: ContractStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Contracts within scope: the city any district (all by default), district roles their own, a street office its
 * street, an operator its own contracts. Asking for another district or street is refused.
 */
export async function listContracts(principal: Principal, q: ContractListQuery): Promise<Page<Contract>> {
  const filters = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.stationId ? { stationId: q.stationId } : {}),
  };
  if (principal.roles.includes('operator')) {
    const org = principal.org;
    if (!org || q.district || q.street) throw outOfScope();
    return pageAcrossPartitions([`ORG#${org}`], q.limit, q.cursor, (_partition, start, limit) =>
      queryContracts({ org, ...filters, limit, ...(start ? { start } : {}) }),
    );
  }
  const wanted = q.district ?? q.street?.slice(0, 6);
  let districts: string[];
  let street = q.street;
  if (isCityWide(principal)) {
    districts = wanted ? [wanted] : (await listDivisions()).map((d) => d.code);
  } else if (principal.roles.includes('street_office')) {
    if (!principal.street || (q.street && q.street !== principal.street)) throw outOfScope();
    if (wanted && wanted !== principal.street.slice(0, 6)) throw outOfScope();
    districts = [principal.street.slice(0, 6)];
    street = principal.street;
  } else {
    if (!principal.district || (wanted && wanted !== principal.district)) throw outOfScope();
    districts = [principal.district];
  }
  return pageAcrossPartitions(districts, q.limit, q.cursor, (district, start, limit) =>
    queryContracts({
      district,
      ...(street ? { street } : {}),
      ...filters,
      limit,
      ...(start ? { start } : {}),
    }),
  );
}

/**
 * The one way a contract changes: read (404/403), refuse a stale version (409), let `change` decide the next
 * state, save conditionally on the version read with the audit record.
 */
async function changeContract(
  actor: Actor,
  id: string,
  expectedVersion: number,
  action: string,
  change: (current: Contract) => Partial<Contract>,
  alongside?: (before: Contract, after: Contract) => Promise<Write[]>,
): Promise<Contract> {
  const before = await readContract(actor.principal, id);
  if (before.version !== expectedVersion) throw versionConflict();
  const after: Contract = {
    ...before,
    ...change(before),
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  const extra = alongside ? await alongside(before, after) : [];
  const register = before.status !== after.status ? await readStationRegister(before.stationId) : undefined;
  await commitWithAudit(
    [...updateContractWrites(before, after, shanghaiDate(actor.now), register), ...extra],
    [
      auditRecordOf(actor, {
        action,
        entity: { type: 'contract', id },
        scope: { district: before.districtCode, street: before.streetCode },
        before,
        after,
      }),
    ],
  );
  return after;
}

/** A draft's terms may be revised as a whole; once active, the terms are the contract. */
export async function reviseContract(
  actor: Actor,
  id: string,
  version: number,
  terms: ContractTerms,
): Promise<Contract> {
  checkTerms(terms);
  return changeContract(actor, id, version, 'contract.revise', (c) => {
    if (c.status !== 'draft') {
      throw new DomainError(
        'CONTRACT_NOT_DRAFT',
        409,
        '合同已生效，条款不能修改',
        '只有草拟状态的合同可以修改条款。',
        {
          rule: 'R3.1',
        },
      );
    }
    return terms;
  });
}

/** draft → active → completed | terminated. Activation needs an active station and takes its contract slot. */
export async function changeContractStatus(
  actor: Actor,
  id: string,
  version: number,
  to: ContractStatus,
): Promise<Contract> {
  const current = await readContract(actor.principal, id);
  if (to === 'active') {
    const station = await readStation(actor.principal, current.stationId);
    if (station.status !== 'active') {
      throw new DomainError(
        'STATION_NOT_ACTIVE',
        409,
        '社工站未在运行，合同不能生效',
        '社工站须处于「运营中」，合同才能生效；请先恢复社工站的运营。',
        {
          rule: 'R3.1',
        },
      );
    }
  }
  return changeContract(
    actor,
    id,
    version,
    `contract.${to}`,
    (c) => ({
      status: transitionContract(c.status, to),
      // The last day in force (R3.1): a contract completed or terminated on a date holds its station no longer.
      ...(to === 'completed' || to === 'terminated' ? { endedOn: shanghaiDate(actor.now) } : {}),
    }),
    async (_before, after) => {
      // R9.3, R16.1: activation creates the report slots and the evaluation windows in the same transaction;
      // termination cancels the slots of months that had not begun.
      if (to === 'active') {
        return [...(await contractSlotWrites(after, actor.now)).writes, ...(await windowWrites(after))];
      }
      if (to === 'terminated') return cancelSlotWrites(after, shanghaiDate(actor.now), actor.now);
      return [];
    },
  );
}

const assertOpen = (c: Contract) => {
  if (c.status === 'completed' || c.status === 'terminated') {
    throw new DomainError(
      'CONTRACT_CLOSED',
      409,
      '合同已结束，不能再修改',
      '已完成或已终止的合同不能再修改。',
      { rule: 'R3.1' },
    );
  }
};

/**
 * R4.1: the operator chooses the key domains of service year `year` of the contract; the count bounds come from
 * the policy in force when that year starts.
 */
export async function setKeyDomains(
  actor: Actor,
  id: string,
  year: number,
  version: number,
  domains: readonly ServiceDomain[],
): Promise<Contract> {
  const contract = await readContract(actor.principal, id);
  const serviceYear = serviceYears(contract.servicePeriod).find((y) => y.n === year);
  if (!serviceYear) {
    throw new DomainError('SERVICE_YEAR_OUT_OF_PERIOD', 422, '服务年度超出合同服务期', undefined, {
      rule: 'R4.1',
      errors: [
        {
          path: 'params.year',
          message: `合同服务期共 ${serviceYears(contract.servicePeriod).length} 个服务年度`,
        },
      ],
    });
  }
  const policy = await policyOn(serviceYear.start);
  checkKeyDomains(domains, policy.version.parameters.keyDomains);
  return changeContract(actor, id, version, 'contract.key-domains', (c) => {
    assertOpen(c);
    return { keyDomains: { ...c.keyDomains, [String(year)]: [...domains] } };
  });
}

export interface NewWorker {
  readonly name: string;
  readonly qualification: Worker['qualification'];
  readonly certificateNumber?: string;
  readonly idNumber: string;
  readonly phone?: string;
  readonly startOn: IsoDate;
  readonly endOn?: IsoDate;
}

const workerScope = (w: Worker) => ({ district: w.districtCode, street: w.streetCode });
const checkWorkerDates = (startOn: IsoDate, endOn: IsoDate | undefined) => {
  if (endOn !== undefined && endOn < startOn) {
    throw new DomainError('WORKER_DATES_INVALID', 422, '离岗日期不得早于到岗日期', undefined, {
      errors: [{ path: 'body.endOn', message: '离岗日期不得早于到岗日期' }],
    });
  }
};

/** The same person may be on a roster again once the earlier entry has ended before the new one starts. */
export const periodsOverlap = (earlier: Worker, startOn: IsoDate, endOn: IsoDate | undefined) =>
  (earlier.endOn === undefined || earlier.endOn >= startOn) &&
  (endOn === undefined || endOn >= earlier.startOn);

/** A roster entry as the refusals name it: 张社工，2026年3月1日到岗，仍在岗. */
export const rosterEntryText = (held: Worker) =>
  `${held.name}，${zhDate(held.startOn)}到岗${held.endOn ? `，${zhDate(held.endOn)}离岗` : '，仍在岗'}`;

const alreadyOnRoster = (held: Worker | undefined) =>
  new DomainError(
    'WORKER_ALREADY_ON_ROSTER',
    409,
    '该社工已在本合同的花名册上',
    held
      ? `身份证号码相同的社工已在本合同的花名册上（${rosterEntryText(held)}），同一人不能在同一时期登记两次，否则在岗人数会被重复计算（R9.1）。如是离岗后再次到岗，请先为原记录填写离岗日期，新的到岗日期须晚于它。`
      : '身份证号码相同的社工刚被登记到本合同的花名册上，本次未作任何更改；请刷新花名册后查看。',
    { rule: 'R9.1' },
  );

/**
 * The operator adds a social worker to a contract's roster (R9.1). The ID-card number and phone are sealed before
 * anything is stored; the worker, its audit record and the answer hold them masked only. One person is on a roster
 * once at a time (staffing would otherwise count them twice): the roster's guard of the person, named by the keyed
 * digest of their ID-card number (shared/adapters/crypto/person-digest.ts), is written in the same transaction, on
 * the condition that nobody holds it or that it names a worker whose time on the roster ended before this one's
 * starts (409 WORKER_ALREADY_ON_ROSTER otherwise).
 */
export async function addWorker(
  actor: Actor,
  contractId: string,
  input: NewWorker,
  /** Written in the worker's transaction: a bulk import's row marker. */
  alongside: readonly Write[] = [],
): Promise<Worker> {
  const contract = await readContract(actor.principal, contractId);
  assertOpen(contract);
  checkWorkerDates(input.startOn, input.endOn);
  const at = actor.now.toISOString();
  const { idNumber, phone, ...rest } = input;
  const guard = keys.rosterPerson(contractId, (await personDigest())(idNumberForDigest(idNumber)));
  const holderId = await personHolder(guard);
  const holder = holderId ? await getWorker(contract.stationId, contractId, holderId) : undefined;
  if (holder && periodsOverlap(holder, input.startOn, input.endOn)) throw alreadyOnRoster(holder);
  const worker = await sealWorker(
    {
      id: ulid(actor.now.getTime()),
      contractId,
      stationId: contract.stationId,
      districtCode: contract.districtCode,
      streetCode: contract.streetCode,
      orgId: contract.operator.orgId,
      ...rest,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    { idNumber, ...(phone ? { phone } : {}) },
  );
  await commitWithAudit(
    [
      createWorkerWrite(worker),
      holdPersonWrite(guard, worker.id, holderId, () => alreadyOnRoster(undefined), actor.now),
      ...alongside,
    ],
    [
      auditRecordOf(actor, {
        action: 'worker.add',
        entity: { type: 'worker', id: worker.id },
        scope: workerScope(worker),
        after: maskedWorker(worker),
      }),
    ],
  );
  logger.debug('worker added', {
    worker: worker.id,
    contract: contractId,
    sealed: Object.keys(worker.sealed),
  });
  return worker;
}

/** A contract's roster, masked, for whoever may read the contract. Nothing is opened: lists hold no key. */
export async function contractRoster(principal: Principal, contractId: string): Promise<MaskedWorker[]> {
  const contract = await readContract(principal, contractId);
  return (await listWorkers(contract.stationId, contractId)).map(maskedWorker);
}

/**
 * One worker's ID-card number and phone in full, for the operator employing them or the district civil affairs
 * bureau that bought the service (R9.1: verifying who is on the roster). Every such read is an audit record of its
 * own (who read whose personal data, when), committed before the values are returned; the record names the fields
 * read, never their values. Other readers of the contract see the roster masked and are refused here.
 */
export async function revealWorker(
  actor: Actor,
  contractId: string,
  workerId: string,
): Promise<MaskedWorker & WorkerPersonalData> {
  const contract = await readContract(actor.principal, contractId);
  const p = actor.principal;
  const employer = p.roles.includes('operator') && p.org === contract.operator.orgId;
  const purchaser = p.roles.includes('district_civil_affairs') && p.district === contract.districtCode;
  if (!employer && !purchaser) {
    logger.warn('access denied', { reason: 'worker personal data', sub: p.sub, contract: contractId });
    throw outOfScope();
  }
  const worker = await getWorker(contract.stationId, contractId, workerId);
  if (!worker) throw notFound('社工');
  const personal = await openWorker(worker);
  await commitWithAudit(
    [],
    [
      auditRecordOf(actor, {
        action: 'worker.reveal-personal-data',
        entity: { type: 'worker', id: worker.id },
        scope: workerScope(worker),
        after: { fields: Object.keys(personal) },
      }),
    ],
  );
  return { ...maskedWorker(worker), ...personal };
}

export interface WorkerPatch {
  readonly version: number;
  readonly qualification?: Worker['qualification'];
  readonly certificateNumber?: string;
  readonly phone?: string;
  readonly endOn?: IsoDate;
}

/**
 * The operator updates a worker (a new qualification, phone or leaving date); conditional on the version read. A
 * new phone is sealed; the sealed ID-card number is kept as it is, unopened.
 */
export async function updateWorker(
  actor: Actor,
  contractId: string,
  workerId: string,
  patch: WorkerPatch,
): Promise<Worker> {
  const contract = await readContract(actor.principal, contractId);
  assertOpen(contract);
  const before = await getWorker(contract.stationId, contractId, workerId);
  if (!before) throw notFound('社工');
  if (before.version !== patch.version) throw versionConflict();
  const { version: _v, phone, ...changes } = patch;
  const after: Worker = {
    ...before,
    ...changes,
    ...(phone ? await resealWorkerPhone(before, phone) : {}),
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  checkWorkerDates(after.startOn, after.endOn);
  await commitWithAudit(
    [updateWorkerWrite(before, after)],
    [
      auditRecordOf(actor, {
        action: 'worker.update',
        entity: { type: 'worker', id: workerId },
        scope: workerScope(before),
        before: maskedWorker(before),
        after: maskedWorker(after),
      }),
    ],
  );
  return after;
}
