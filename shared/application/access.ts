import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { isCityWide, type Principal, type ResourceScope, reaches } from '#shared/domain/access/roles';
import { officeName } from '#shared/domain/divisions/division';
import { outOfScope } from '#shared/domain/errors';
import { logger } from '#shared/http/logger';

/**
 * The scope check every use case makes against the record it touches (the route's roles were checked by the
 * HTTP factory, which hands the use case a principal holding only those roles). Each denial is logged.
 */
export function assertInScope(principal: Principal, scope: ResourceScope): void {
  if (!reaches(principal, principal.roles, scope)) {
    logger.warn('access denied', { reason: 'scope', sub: principal.sub, roles: principal.roles });
    throw outOfScope();
  }
}

/**
 * The districts whose district-level figures a principal may list: the city any district (all of them when none is
 * asked for), every other role only its own district. Asking for another district is refused and logged.
 */
export async function readableDistricts(principal: Principal, district?: string): Promise<string[]> {
  if (isCityWide(principal)) return district ? [district] : (await listDivisions()).map((d) => d.code);
  if (!principal.district || (district && district !== principal.district)) {
    logger.warn('access denied', { reason: 'district', sub: principal.sub, roles: principal.roles });
    throw outOfScope();
  }
  return [principal.district];
}

/**
 * The office a principal acts for, named as a clerk names it (历下区民政局, 解放路街道办事处), from its role and scope as
 * they are at the time of the write, to be stored with what it did; undefined when none of its roles names one.
 */
export async function officeOf(principal: Principal): Promise<string | undefined> {
  const divisions = await listDivisions();
  for (const role of principal.roles) {
    const name = officeName(divisions, role, principal);
    if (name) return name;
  }
  return undefined;
}
