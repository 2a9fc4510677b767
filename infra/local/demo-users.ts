import { jinanDivisions } from '#shared/adapters/reference/jinan-divisions';
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

/** The operators of the demo data (`npm run seed:demo`): plausible social work service centres, marked as demo. */
export const DEMO_DATA_OPERATORS = [
  { orgId: 'demo-org-1', name: '【演示】济南泉心社会工作服务中心', kind: 'social_organization' },
  { orgId: 'demo-org-2', name: '【演示】济南和光社会工作服务中心', kind: 'social_organization' },
  { orgId: 'demo-org-3', name: '【演示】济南齐鲁社会工作服务中心', kind: 'social_organization' },
  { orgId: 'demo-org-4', name: '【演示】济南同心社会工作服务中心', kind: 'social_organization' },
  { orgId: 'demo-org-5', name: '【演示】济南明湖社会工作服务中心', kind: 'social_organization' },
  { orgId: 'demo-org-6', name: '【演示】山东仁和社会服务有限公司', kind: 'enterprise' },
] as const;

/** The third-party evaluators of the demo data. */
export const DEMO_DATA_EVALUATORS = [
  { orgId: 'demo-org-tp-1', name: '【演示】济南众评社会服务评估中心' },
  { orgId: 'demo-org-tp-2', name: '【演示】山东公信第三方评估有限公司' },
] as const;

/**
 * The users of the demo data (`npm run seed:demo`, infra/local/seed-demo.ts), one per scope it acts in: each
 * district's civil affairs (`demo.370104.mz`) and finance bureau (`demo.370104.cz`), each street office
 * (`demo.370104001.jd`), the demo operators (`demo.op.1`…) and evaluators (`demo.tp.1`…). Local only, like
 * {@link DEMO_USERS}; the sign-in page lists them apart, under 演示数据用户.
 */
export const DEMO_DATA_USERS: readonly DemoUser[] = [
  ...jinanDivisions().flatMap((d): DemoUser[] => [
    {
      username: `demo.${d.code}.mz`,
      role: 'district_civil_affairs',
      district: d.code,
      description: `【演示】${d.name}民政局`,
    },
    {
      username: `demo.${d.code}.cz`,
      role: 'district_finance',
      district: d.code,
      description: `【演示】${d.name}财政局`,
    },
    ...d.streets.map(
      (s): DemoUser => ({
        username: `demo.${s.code}.jd`,
        role: 'street_office',
        district: d.code,
        street: s.code,
        description: `【演示】${d.name}${s.name}${s.name.endsWith('镇') ? '人民政府' : '办事处'}`,
      }),
    ),
  ]),
  ...DEMO_DATA_OPERATORS.map(
    (o, i): DemoUser => ({
      username: `demo.op.${i + 1}`,
      role: 'operator',
      org: o.orgId,
      description: o.name,
    }),
  ),
  ...DEMO_DATA_EVALUATORS.map(
    (o, i): DemoUser => ({
      username: `demo.tp.${i + 1}`,
      role: 'third_party',
      org: o.orgId,
      description: o.name,
    }),
  ),
];

export const findDemoUser = (username: string): DemoUser | undefined =>
  DEMO_USERS.find((u) => u.username === username) ?? DEMO_DATA_USERS.find((u) => u.username === username);
