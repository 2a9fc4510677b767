import { ulid } from 'ulid';
import { listWorkers } from '#shared/adapters/dynamodb/contracts.repository';
import {
  appendRecordWrite,
  listRecords,
  type RecordKind,
} from '#shared/adapters/dynamodb/records.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { SupervisionSession } from '#shared/domain/contracts/supervision';
import { DomainError } from '#shared/domain/errors';
import { readStation } from '../stations/stations.use-case';
import { readContract } from './contracts.use-case';

const contractOwner = (id: string) => `CONTRACT#${id}`;
const stationOwner = (id: string) => `STATION#${id}`;

/** Appends a dated record under its owner with its audit record, in one transaction. */
async function append<T extends { id: string }>(
  actor: Actor,
  owner: string,
  kind: RecordKind,
  on: IsoDate,
  record: T,
  scope: { district: string; street: string },
): Promise<T> {
  await commitWithAudit(
    [appendRecordWrite(owner, kind, on, record.id, record)],
    [
      auditRecordOf(actor, {
        action: `${kind}.record`,
        entity: { type: kind, id: record.id },
        scope,
        after: record,
      }),
    ],
  );
  return record;
}

export interface NewSupervision {
  readonly heldOn: IsoDate;
  readonly supervisor: SupervisionSession['supervisor'];
  readonly workerIds: readonly string[];
  readonly minutes: number;
  readonly topics: readonly string[];
}

/** R14.1: the operator records a supervision session; the workers must be on the contract's roster. */
export async function recordSupervision(
  actor: Actor,
  contractId: string,
  input: NewSupervision,
): Promise<SupervisionSession> {
  const contract = await readContract(actor.principal, contractId);
  const roster = new Set((await listWorkers(contract.stationId, contractId)).map((w) => w.id));
  const unknown = input.workerIds.filter((id) => !roster.has(id));
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_WORKER', 422, '受督导社工不在本合同花名册中', undefined, {
      rule: 'R14.1',
      errors: unknown.map((id) => ({ path: 'body.workerIds', message: `${id} 不在花名册中` })),
    });
  }
  const session: SupervisionSession = {
    id: ulid(actor.now.getTime()),
    contractId,
    ...input,
    createdAt: actor.now.toISOString(),
  };
  return append(actor, contractOwner(contractId), 'supervision', input.heldOn, session, {
    district: contract.districtCode,
    street: contract.streetCode,
  });
}

export async function contractRecords<T>(
  principal: Principal,
  contractId: string,
  kind: 'supervision' | 'meeting',
  from?: IsoDate,
) {
  await readContract(principal, contractId);
  return listRecords<T>(contractOwner(contractId), kind, from);
}

export interface CoordinationMeeting {
  readonly id: string;
  readonly heldOn: IsoDate;
  readonly parties: readonly ('district' | 'street' | 'station')[];
  readonly issues: readonly string[];
  readonly followUps: readonly {
    readonly action: string;
    readonly owner: string;
    readonly dueOn?: IsoDate;
  }[];
  readonly recordedBy: string;
  readonly createdAt: string;
}

/** R8.2: district, street office or operator records a coordination meeting of the station's project. */
export async function recordMeeting(
  actor: Actor,
  contractId: string,
  input: Omit<CoordinationMeeting, 'id' | 'recordedBy' | 'createdAt'>,
): Promise<CoordinationMeeting> {
  const contract = await readContract(actor.principal, contractId);
  const meeting: CoordinationMeeting = {
    id: ulid(actor.now.getTime()),
    ...input,
    recordedBy: actor.principal.username,
    createdAt: actor.now.toISOString(),
  };
  return append(actor, contractOwner(contractId), 'meeting', input.heldOn, meeting, {
    district: contract.districtCode,
    street: contract.streetCode,
  });
}

export interface SafetyCheck {
  readonly id: string;
  readonly checkedOn: IsoDate;
  readonly items: readonly { readonly item: string; readonly ok: boolean; readonly note?: string }[];
  readonly findings?: string;
  readonly passed: boolean;
  readonly recordedBy: string;
  readonly createdAt: string;
}

/** R13: the street office records a safety check of its station; it passes when every item is ok. */
export async function recordSafetyCheck(
  actor: Actor,
  stationId: string,
  input: Omit<SafetyCheck, 'id' | 'passed' | 'recordedBy' | 'createdAt'>,
): Promise<SafetyCheck> {
  const station = await readStation(actor.principal, stationId);
  const check: SafetyCheck = {
    id: ulid(actor.now.getTime()),
    ...input,
    passed: input.items.every((i) => i.ok),
    recordedBy: actor.principal.username,
    createdAt: actor.now.toISOString(),
  };
  return append(actor, stationOwner(stationId), 'safety-check', input.checkedOn, check, {
    district: station.districtCode,
    street: station.streetCode,
  });
}

export interface Referral {
  readonly id: string;
  readonly referredOn: IsoDate;
  /** Who the case goes to or comes from (a department of the street office, another agency). */
  readonly direction: 'to_station' | 'from_station';
  readonly counterpart: string;
  readonly reason: string;
  /** The station's own case reference; no names or ID numbers here. */
  readonly caseRef: string;
  readonly recordedBy: string;
  readonly createdAt: string;
}

/** R13: the street office records a referral (转介) between its departments and the station. */
export async function recordReferral(
  actor: Actor,
  stationId: string,
  input: Omit<Referral, 'id' | 'recordedBy' | 'createdAt'>,
): Promise<Referral> {
  const station = await readStation(actor.principal, stationId);
  const referral: Referral = {
    id: ulid(actor.now.getTime()),
    ...input,
    recordedBy: actor.principal.username,
    createdAt: actor.now.toISOString(),
  };
  return append(actor, stationOwner(stationId), 'referral', input.referredOn, referral, {
    district: station.districtCode,
    street: station.streetCode,
  });
}

export async function stationRecords<T>(
  principal: Principal,
  stationId: string,
  kind: 'safety-check' | 'referral',
) {
  await readStation(principal, stationId);
  return listRecords<T>(stationOwner(stationId), kind);
}
