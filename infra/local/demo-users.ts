import type { Role } from '#shared/domain/access/roles';

/**
 * The local demo users (never deployed: on AWS, users live at the deployment's identity provider — the province's
 * unified identity platform, a Keycloak, or Cognito). Each has one role (a group) and the scope attributes the local
 * OpenID Connect provider puts in its ID tokens (infra/local/identity.ts).
 */
export interface DemoUser {
  readonly username: string;
  readonly role: Role;
  readonly description: string;
  readonly district?: string;
  readonly street?: string;
  readonly org?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'city.mz', role: 'city_civil_affairs', description: '市民政局' },
  { username: 'city.cz', role: 'city_finance', description: '市财政局' },
  { username: 'lixia.mz', role: 'district_civil_affairs', district: '370102', description: '历下区民政局' },
  { username: 'lixia.cz', role: 'district_finance', district: '370102', description: '历下区财政局' },
  {
    username: 'shizhong.mz',
    role: 'district_civil_affairs',
    district: '370103',
    description: '市中区民政局',
  },
  {
    username: 'jiefanglu.jd',
    role: 'street_office',
    district: '370102',
    street: '370102001',
    description: '历下区解放路街道办事处',
  },
  {
    username: 'daguanyuan.jd',
    role: 'street_office',
    district: '370103',
    street: '370103002',
    description: '市中区大观园街道办事处',
  },
  { username: 'op.a', role: 'operator', org: 'org-op-a', description: '承接方 A（社会组织）' },
  { username: 'op.b', role: 'operator', org: 'org-op-b', description: '承接方 B（企业）' },
  { username: 'tp.a', role: 'third_party', org: 'org-tp-a', description: '第三方评估机构 A' },
  { username: 'dept.a', role: 'department', org: 'org-dept-a', description: '市直部门 A' },
  { username: 'audit.lixia', role: 'auditor', district: '370102', description: '历下区财政/审计检查' },
];

export const findDemoUser = (username: string): DemoUser | undefined =>
  DEMO_USERS.find((u) => u.username === username);
