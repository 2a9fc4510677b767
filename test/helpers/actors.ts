import type { Principal, Role } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';

export const principal = (role: Role, scope: Partial<Principal> = {}): Principal => ({
  sub: `test-${role}-${scope.district ?? scope.street ?? scope.org ?? 'city'}`,
  username: `test.${role}`,
  roles: [role],
  ...scope,
});

export const actor = (p: Principal, now = new Date('2026-11-25T02:00:00Z'), reason?: string): Actor => ({
  principal: p,
  now,
  requestId: 'test-request',
  ...(reason ? { reason } : {}),
});

export const LIXIA = '370102';
export const SHIZHONG = '370103';
export const lixiaOfficial = principal('district_civil_affairs', { district: LIXIA });
export const shizhongOfficial = principal('district_civil_affairs', { district: SHIZHONG });
export const cityOfficial = principal('city_civil_affairs');
