import { currentSession } from './auth';

/** A role of the API (the `groups` claim) and its name in the console. */
export const ROLE_NAMES: Record<string, string> = {
  city_civil_affairs: '市民政局',
  city_finance: '市财政局',
  district_civil_affairs: '区县民政部门',
  district_finance: '区县财政部门',
  street_office: '街道办事处',
  operator: '承接方',
  third_party: '第三方评估机构',
  department: '职能部门',
  auditor: '审计检查',
};

export const roleOf = (): string | undefined => currentSession()?.claims.groups?.[0];

/**
 * Whether the API admits the signed-in role to an operation (`GET /stations`), from the operation's `x-roles` in
 * docs/openapi.json (built in): the console hides what the API would refuse, and the API still decides.
 */
export function allowed(operation: string): boolean {
  const roles = __ROUTE_ROLES__[operation];
  if (roles === undefined) return false;
  if (roles === 'public') return true;
  const role = roleOf();
  return role !== undefined && roles.includes(role);
}
