import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '#shared/http/auth';

describe('claims to principal', () => {
  it('reads cognito:groups as API Gateway renders it ("[a b]") and the scope attributes', () => {
    const p = principalFromClaims({
      sub: 'abc',
      'cognito:username': 'lixia.mz',
      'cognito:groups': '[district_civil_affairs auditor]',
      'custom:district': '370102',
    });
    expect(p).toEqual({
      sub: 'abc',
      username: 'lixia.mz',
      roles: ['district_civil_affairs', 'auditor'],
      district: '370102',
    });
  });

  it('ignores groups that are not roles of the system', () => {
    expect(principalFromClaims({ sub: 'x', 'cognito:groups': ['admins', 'operator'] })?.roles).toEqual([
      'operator',
    ]);
  });

  it('has no principal without a subject', () => {
    expect(principalFromClaims({ 'cognito:groups': '[operator]' })).toBeUndefined();
  });
});
