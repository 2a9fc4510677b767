import { ulid } from 'ulid';
import { activeContractOf } from '#shared/adapters/dynamodb/contracts.repository';
import { JINAN_CITY_CODE } from '#shared/adapters/dynamodb/keys';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import {
  applicantPartition,
  createApplicationWrite,
  getApplication,
  queryApplications,
  updateApplicationWrite,
} from '#shared/adapters/dynamodb/platform.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal, ResourceScope } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import {
  type Applicant,
  checkServiceContract,
  decide,
  type PlatformApplication,
  type ServiceContract,
} from '#shared/domain/platform/application';
import { assertInScope } from '../access';

/** The applicant reads its own; the reviewing district (for district-level) or the city reads the rest. */
export const applicationScope = (a: PlatformApplication): ResourceScope => ({
  ...(a.level === 'district' && a.districtCode ? { district: a.districtCode } : {}),
  ...(a.applicant.street ? { street: a.applicant.street } : {}),
  orgs: a.applicant.org ? [a.applicant.org] : [],
});

const auditScope = (a: PlatformApplication) =>
  a.level === 'district' ? { district: a.districtCode as string } : {};

export type NewApplication = Pick<
  PlatformApplication,
  'stationId' | 'reason' | 'project' | 'serviceNeeds' | 'funding' | 'staffing'
> & { readonly applicantName: string };

/**
 * Files a written application (R21.1).
 * 1. Route it: a city-level department (no district) to the city; a district department or a street office to
 *    its district. 2. The station must exist, not be closed, and lie in the reviewing district.
 * 3. Store it as submitted with the audit record.
 */
export async function submitApplication(actor: Actor, input: NewApplication): Promise<PlatformApplication> {
  const p = actor.principal;
  const isStreet = p.roles.includes('street_office');
  const district = isStreet ? p.street?.slice(0, 6) : p.district;
  if (isStreet ? !p.street : !p.org) throw outOfScope();
  const applicant: Applicant = {
    kind: isStreet ? 'street_office' : 'department',
    name: input.applicantName,
    ...(isStreet ? { street: p.street as string } : { org: p.org as string }),
  };
  const station = await getStation(input.stationId);
  if (!station) throw notFound('社工站');
  if (station.status === 'closed') {
    throw new DomainError(
      'STATION_CLOSED',
      409,
      '社工站已撤销',
      '已撤销的社工站不能申请使用平台；请选择运营中的社工站。',
      { rule: 'R21.1' },
    );
  }
  if (district && station.districtCode !== district) {
    throw new DomainError('STATION_NOT_IN_DISTRICT', 422, '区县级申请只能使用本区县的社工站', undefined, {
      rule: 'R21.1',
      errors: [{ path: 'body.stationId', message: '社工站不在本区县' }],
    });
  }
  const at = actor.now.toISOString();
  const { applicantName: _n, ...rest } = input;
  const application: PlatformApplication = {
    id: ulid(actor.now.getTime()),
    level: district ? 'district' : 'city',
    ...(district ? { districtCode: district } : {}),
    applicant,
    ...rest,
    stationDistrictCode: station.districtCode,
    stationStreetCode: station.streetCode,
    status: 'submitted',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [createApplicationWrite(application)],
    [
      auditRecordOf(actor, {
        action: 'platform-application.submit',
        entity: { type: 'platform-application', id: application.id },
        scope: auditScope(application),
        after: application,
      }),
    ],
  );
  return application;
}

export async function readApplication(principal: Principal, id: string): Promise<PlatformApplication> {
  const application = await getApplication(id);
  if (!application) throw notFound('平台使用申请');
  assertInScope(principal, applicationScope(application));
  return application;
}

/** The caller's list: the city's or the district's review queue, or the applicant's own applications. */
export function listApplications(
  principal: Principal,
  limit: number,
  cursor?: string,
): Promise<Page<PlatformApplication>> {
  const roles = principal.roles;
  if (roles.includes('city_civil_affairs'))
    return queryApplications({ reviewer: `CITY#${JINAN_CITY_CODE}` }, limit, cursor);
  if (roles.includes('district_civil_affairs') && principal.district) {
    return queryApplications({ reviewer: `DISTRICT#${principal.district}` }, limit, cursor);
  }
  if (roles.includes('street_office') && principal.street) {
    return queryApplications(
      { applicant: applicantPartition({ kind: 'street_office', name: '', street: principal.street }) },
      limit,
      cursor,
    );
  }
  if (principal.org)
    return queryApplications(
      { applicant: applicantPartition({ kind: 'department', name: '', org: principal.org }) },
      limit,
      cursor,
    );
  throw outOfScope();
}

/**
 * The reviewer decides (R21.1): the city for city-level applications, the district for district-level ones; a
 * reason is always given. An approval records the service contract with the station's operator and makes the
 * applicant the supervising party.
 */
export async function decideApplication(
  actor: Actor,
  id: string,
  input: {
    version: number;
    outcome: 'approved' | 'rejected';
    reason: string;
    serviceContract?: ServiceContract;
  },
): Promise<PlatformApplication> {
  const before = await readApplication(actor.principal, id);
  const reviewer = before.level === 'city' ? 'city_civil_affairs' : 'district_civil_affairs';
  if (!actor.principal.roles.includes(reviewer)) {
    throw new DomainError(
      'WRONG_REVIEWER',
      403,
      before.level === 'city' ? '市级部门的申请由市民政局审核' : '区县级申请由区县民政部门审核',
      before.level === 'city'
        ? '这份申请由市民政局审核，区县民政部门不能作出决定。'
        : '这份申请由所在区县的民政部门审核，市民政局不能作出决定。',
      {
        rule: 'R21.1',
      },
    );
  }
  if (before.version !== input.version) throw versionConflict();
  const status = decide(before.status, input.outcome);
  const approved =
    input.outcome === 'approved'
      ? {
          serviceContract: checkServiceContract(
            input.serviceContract,
            (await activeContractOf(before.stationId, shanghaiDate(actor.now)))?.operator.orgId,
          ),
          supervisingParty: before.applicant,
        }
      : {};
  const at = actor.now.toISOString();
  const after: PlatformApplication = {
    ...before,
    status,
    decision: { outcome: input.outcome, reason: input.reason, by: actor.principal.username, at },
    ...approved,
    version: before.version + 1,
    updatedAt: at,
  };
  await commitWithAudit(
    [updateApplicationWrite(before, after)],
    [
      auditRecordOf(actor, {
        action: `platform-application.${input.outcome}`,
        entity: { type: 'platform-application', id },
        scope: auditScope(before),
        before,
        after,
      }),
    ],
  );
  return after;
}
