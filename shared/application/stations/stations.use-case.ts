import { ulid } from 'ulid';
import {
  activeContractOf,
  listWorkers,
  workersOnStaff,
} from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { getDocument } from '#shared/adapters/dynamodb/documents.repository';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import { listRecords } from '#shared/adapters/dynamodb/records.repository';
import {
  createStationWrites,
  getStation,
  queryStations,
  updateStationWrites,
} from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { isCityWide, type Principal, type ResourceScope } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { missingConfirmations } from '#shared/domain/contracts/co-signed';
import { staffingShortfalls } from '#shared/domain/contracts/roster';
import { serviceYears } from '#shared/domain/contracts/service-domains';
import {
  previousMonth,
  type SupervisionSession,
  supervisionGaps,
} from '#shared/domain/contracts/supervision';
import { findStreet } from '#shared/domain/divisions/division';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { assessCompliance, type ComplianceFlag } from '#shared/domain/stations/compliance';
import {
  checkFunctionalAreas,
  type Signage,
  type Site,
  type Station,
  type StationStatus,
  standardStationName,
  transitionStation,
  type WorkSystems,
} from '#shared/domain/stations/station';
import { assertInScope } from '../access';
import { policyOn } from '../policy/policies.use-case';

export const stationScope = (s: Pick<Station, 'districtCode' | 'streetCode'>): ResourceScope => ({
  district: s.districtCode,
  street: s.streetCode,
});

export interface NewStation {
  readonly districtCode: string;
  readonly streetCode: string;
  readonly address: string;
  readonly openedOn?: IsoDate;
  readonly featuredBrand?: string;
  readonly keyTargetGroups?: readonly string[];
}

/**
 * Registers a station (R2.1).
 * 1. Find the street inside the district among the seeded divisions (422 when it is not there).
 * 2. The caller must reach the district.
 * 3. Derive the standard name (R6.1).
 * 4. Write the station and take its street — refused with 409 if another station holds it — with the audit
 *    record, in one transaction (with `alongside`: a bulk import's row marker, so the row and its marker commit
 *    together).
 */
export async function createStation(
  actor: Actor,
  input: NewStation,
  alongside: readonly Write[] = [],
): Promise<Station> {
  const found = findStreet(await listDivisions(), input.districtCode, input.streetCode);
  if (!found) {
    throw new DomainError(
      'STREET_NOT_IN_DISTRICT',
      422,
      '街道（镇）不属于该区县',
      `街道（镇）${input.streetCode} 不属于区县 ${input.districtCode}，请重新选择街道（镇）。`,
      {
        rule: 'R2.1',
        errors: [{ path: 'body.streetCode', message: '街道（镇）不属于该区县' }],
      },
    );
  }
  assertInScope(actor.principal, { district: input.districtCode, street: input.streetCode });
  const at = actor.now.toISOString();
  const station: Station = {
    id: ulid(actor.now.getTime()),
    districtCode: found.district.code,
    districtName: found.district.name,
    streetCode: found.street.code,
    streetName: found.street.name,
    standardName: standardStationName(found.district.name, found.street.name),
    address: input.address,
    ...(input.openedOn ? { openedOn: input.openedOn } : {}),
    ...(input.featuredBrand ? { featuredBrand: input.featuredBrand } : {}),
    keyTargetGroups: [...(input.keyTargetGroups ?? [])],
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [...createStationWrites(station), ...alongside],
    [
      auditRecordOf(actor, {
        action: 'station.create',
        entity: { type: 'station', id: station.id },
        scope: stationScope(station),
        after: station,
      }),
    ],
  );
  return station;
}

/** A station the caller may see: 404 when it does not exist, 403 when it is outside the caller's scope. */
export async function readStation(principal: Principal, id: string): Promise<Station> {
  const station = await getStation(id);
  if (!station) throw notFound('社工站');
  assertInScope(principal, stationScope(station));
  return station;
}

export interface StationListQuery {
  readonly district?: string;
  readonly street?: string;
  readonly status?: StationStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Lists stations within scope. The city reads any district (all by default); district roles their own; a
 * street office its own street. Asking for another district or street is refused, not silently narrowed.
 */
export async function listStations(principal: Principal, q: StationListQuery): Promise<Page<Station>> {
  if (q.district && q.street && !q.street.startsWith(q.district)) {
    throw new DomainError('STREET_NOT_IN_DISTRICT', 422, '街道（镇）不属于该区县', undefined, {
      errors: [{ path: 'query.street', message: '街道（镇）不属于该区县' }],
    });
  }
  const streetDistrict = q.street?.slice(0, 6);
  const wanted = q.district ?? streetDistrict;
  let districts: string[];
  if (isCityWide(principal)) {
    districts = wanted ? [wanted] : (await listDivisions()).map((d) => d.code);
  } else if (principal.roles.includes('street_office')) {
    if (!principal.street || (q.street && q.street !== principal.street)) throw outOfScope();
    if (wanted && wanted !== principal.street.slice(0, 6)) throw outOfScope();
    return queryStations({ districts: [principal.street.slice(0, 6)], street: principal.street, ...page(q) });
  } else {
    if (!principal.district || (wanted && wanted !== principal.district)) throw outOfScope();
    districts = [principal.district];
  }
  return queryStations({ districts, ...(q.street ? { street: q.street } : {}), ...page(q) });
}

const page = (q: StationListQuery) => ({
  limit: q.limit,
  ...(q.status ? { status: q.status } : {}),
  ...(q.cursor ? { cursor: q.cursor } : {}),
});

/**
 * The one way a station changes.
 * 1. Read it; 404 / 403 as for reading. 2. Refuse a stale version (409). 3. Let `change` produce the next state
 * (domain rules throw their own errors). 4. Save conditionally on the version read, with the audit record.
 */
async function changeStation(
  actor: Actor,
  id: string,
  expectedVersion: number,
  action: string,
  change: (current: Station) => Partial<Station>,
): Promise<Station> {
  const before = await readStation(actor.principal, id);
  if (before.version !== expectedVersion) throw versionConflict();
  if (before.status === 'closed') {
    throw new DomainError(
      'STATION_CLOSED',
      409,
      '社工站已撤销，不能修改',
      '已撤销（关闭）的社工站不能再修改。',
      { rule: 'R2.1' },
    );
  }
  const after: Station = {
    ...before,
    ...change(before),
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(updateStationWrites(before, after), [
    auditRecordOf(actor, {
      action,
      entity: { type: 'station', id },
      scope: stationScope(before),
      before,
      after,
    }),
  ]);
  return after;
}

export interface StationPatch {
  readonly version: number;
  readonly address?: string;
  readonly openedOn?: IsoDate;
  readonly featuredBrand?: string | null;
  readonly keyTargetGroups?: readonly string[];
  readonly status?: StationStatus;
}

export async function updateStation(actor: Actor, id: string, patch: StationPatch): Promise<Station> {
  return changeStation(
    actor,
    id,
    patch.version,
    patch.status && patch.status !== 'active' ? `station.${patch.status}` : 'station.update',
    (s) => {
      const next: Record<string, unknown> = {};
      if (patch.address !== undefined) next.address = patch.address;
      if (patch.openedOn !== undefined) next.openedOn = patch.openedOn;
      if (patch.keyTargetGroups !== undefined) next.keyTargetGroups = [...patch.keyTargetGroups];
      if (patch.featuredBrand !== undefined) next.featuredBrand = patch.featuredBrand ?? undefined;
      if (patch.status !== undefined) next.status = transitionStation(s.status, patch.status);
      return next as Partial<Station>;
    },
  );
}

export async function setStationSite(
  actor: Actor,
  id: string,
  version: number,
  site: Site,
): Promise<Station> {
  checkFunctionalAreas(site.functionalAreas);
  return changeStation(actor, id, version, 'station.site', () => ({ site }));
}

export async function setStationSignage(
  actor: Actor,
  id: string,
  version: number,
  signage: Signage,
): Promise<Station> {
  for (const [where, plaque] of Object.entries(signage)) {
    if (!plaque.present && plaque.photoKeys.length > 0) {
      throw new DomainError('PLAQUE_PHOTO_WITHOUT_PLAQUE', 422, '未挂牌却上传了标牌照片', undefined, {
        rule: 'R6.1',
        errors: [{ path: `body.${where}.photoKeys`, message: '未挂牌时不应有照片' }],
      });
    }
  }
  return changeStation(actor, id, version, 'station.signage', () => ({ signage }));
}

export async function setStationWorkSystems(
  actor: Actor,
  id: string,
  version: number,
  workSystems: WorkSystems,
): Promise<Station> {
  return changeStation(actor, id, version, 'station.work-systems', () => ({ workSystems }));
}

export interface StationCompliance {
  readonly stationId: string;
  readonly standardName: string;
  readonly compliant: boolean;
  readonly flags: readonly ComplianceFlag[];
  readonly policyWarning?: { readonly code: string; readonly message: string };
}

/**
 * Every R5–R7 flag of a station, plus staffing (R9.1) and key domains (R4.1) against its active contract, judged
 * with the policy in force today and the workers on staff today.
 */
export async function stationCompliance(
  principal: Principal,
  id: string,
  now: Date,
): Promise<StationCompliance> {
  const station = await readStation(principal, id);
  const today = shanghaiDate(now);
  const [policy, onStaff, contract] = await Promise.all([
    policyOn(today),
    workersOnStaff(id, today),
    activeContractOf(id, today),
  ]);
  const parameters = policy.version.parameters;
  const month = previousMonth(today);
  const [roster, sessions] = contract
    ? await Promise.all([
        listWorkers(id, contract.id),
        listRecords<SupervisionSession>(`CONTRACT#${contract.id}`, 'supervision', month.start),
      ])
    : [[], []];
  const judged = roster.filter(
    (w) => w.startOn <= month.start && (w.endOn === undefined || w.endOn >= month.end),
  );
  const year = contract
    ? serviceYears(contract.servicePeriod).find((y) => y.start <= today && today <= y.end)
    : undefined;
  const taskBook = contract && year ? await getDocument(contract.id, 'task-book', year.n) : undefined;
  const flags = assessCompliance(station, {
    staffOnRoster: onStaff.length,
    officeAreaPerWorkerMinHundredthsM2: parameters.site.officeAreaPerWorkerMinHundredthsM2,
    ...(contract
      ? {
          contract: {
            number: contract.number,
            staffingShortfalls: staffingShortfalls(
              contract.staffing,
              onStaff.filter((w) => w.contractId === contract.id),
            ),
            ...(year ? { serviceYear: year.n } : {}),
            ...(year && contract.keyDomains?.[String(year.n)]
              ? { keyDomains: contract.keyDomains[String(year.n)] }
              : {}),
            keyDomainBounds: parameters.keyDomains,
            ...(taskBook ? { taskBook: { awaiting: missingConfirmations(taskBook) } } : {}),
            supervision: {
              month: month.start.slice(0, 7),
              judged: judged.length,
              gaps: supervisionGaps(
                month,
                roster,
                sessions,
                parameters.supervision.sessionsPerWorkerPerMonth,
              ),
            },
          },
        }
      : {}),
  });
  return {
    stationId: station.id,
    standardName: station.standardName,
    compliant: flags.every((f) => f.status === 'ok'),
    flags,
    ...(policy.warning ? { policyWarning: policy.warning } : {}),
  };
}
