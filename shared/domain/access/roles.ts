/**
 * The roles of the regulation (REQUIREMENTS "Roles"). A role is a group or role claim of the user's ID token and the
 * scope (district, street, organisation) are claims of it too, named by the deployment's claim mapping
 * (shared/http/claim-mapping.ts).
 */
export const ROLES = [
  'city_civil_affairs',
  'city_finance',
  'district_civil_affairs',
  'district_finance',
  'street_office',
  'operator',
  'third_party',
  'department',
  'auditor',
] as const;

export type Role = (typeof ROLES)[number];

/** What each role is called where a person reads it (REQUIREMENTS "Roles"). */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  city_civil_affairs: '市民政局',
  city_finance: '市财政局',
  district_civil_affairs: '区县民政部门',
  district_finance: '区县财政部门',
  street_office: '街道办事处',
  operator: '承接方',
  third_party: '第三方评估机构',
  department: '职能部门',
  auditor: '财政/审计检查',
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Who is calling: built from the verified token's claims, never from the request body. */
export interface Principal {
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly Role[];
  /** 区县 code (GB/T 2260), for district-scoped roles. */
  readonly district?: string;
  /** 街道/镇 code (统计用区划代码, 9 digits), for the street office. */
  readonly street?: string;
  /** Organisation id, for operators, third parties and departments. */
  readonly org?: string;
}

/** What a record belongs to, for scope checks. */
export interface ResourceScope {
  readonly district?: string;
  readonly street?: string;
  readonly orgs?: readonly string[];
}

const CITY_WIDE: readonly Role[] = ['city_civil_affairs', 'city_finance'];
const DISTRICT_WIDE: readonly Role[] = ['district_civil_affairs', 'district_finance', 'auditor'];

/** Does `role`, held by `principal`, reach a record of `scope`? The one scope rule of the system. */
export function roleReaches(principal: Principal, role: Role, scope: ResourceScope): boolean {
  if (CITY_WIDE.includes(role)) return true;
  if (DISTRICT_WIDE.includes(role))
    return principal.district !== undefined && scope.district === principal.district;
  if (role === 'street_office') return principal.street !== undefined && scope.street === principal.street;
  return principal.org !== undefined && (scope.orgs ?? []).includes(principal.org);
}

/** True when any of the principal's roles that the route allows reaches the record. */
export function reaches(principal: Principal, allowed: readonly Role[], scope: ResourceScope): boolean {
  return principal.roles.some((role) => allowed.includes(role) && roleReaches(principal, role, scope));
}

export const isCityWide = (principal: Principal): boolean =>
  principal.roles.some((r) => CITY_WIDE.includes(r));
