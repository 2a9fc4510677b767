import { describe, expect, it } from 'vitest';
import { COGNITO_CLAIMS } from '#shared/http/claim-mapping';
import { normalize, type PortalConfig } from '../../web/src/services/claims';

/**
 * The console reads the signed-in role and scope through the API's own claim mapping (portal-config.json
 * `claims`, from the same CDK context as the functions' IDENTITY_CLAIMS): whatever the provider calls its claims,
 * the menu shows a role what the API will treat it as.
 */
const PORTAL: PortalConfig = {
  issuer: 'https://sso.example.cn/realms/sgz',
  clientId: 'sgz-portal',
  scope: 'openid',
};

describe('the console’s reading of an ID token', () => {
  it('reads the local provider’s names by default', () => {
    const claims = normalize(
      {
        sub: 'u1',
        groups: ['district_civil_affairs'],
        district_code: '370102',
        preferred_username: 'lixia.mz',
      },
      PORTAL,
    );
    expect(claims).toMatchObject({ groups: ['district_civil_affairs'], district_code: '370102' });
  });

  it('reads Cognito’s group and custom attribute claims with the Cognito mapping', () => {
    const claims = normalize(
      {
        sub: 'u2',
        'cognito:groups': ['street_office'],
        'custom:district': '370102',
        'custom:street': '370102001',
      },
      { ...PORTAL, claims: COGNITO_CLAIMS },
    );
    expect(claims).toMatchObject({
      groups: ['street_office'],
      district_code: '370102',
      street_code: '370102001',
    });
  });

  it('follows a dotted path and the provider’s role values, ignoring the user’s other groups', () => {
    const claims = normalize(
      { sub: 'u3', realm_access: { roles: ['offline_access', '区民政'] }, xzqh: '370103' },
      {
        ...PORTAL,
        claims: { roles: 'realm_access.roles', district: 'xzqh', street: 'jd', org: 'org' },
        roleValues: { 区民政: 'district_civil_affairs' },
      },
    );
    expect(claims.groups).toEqual(['district_civil_affairs']);
    expect(claims.district_code).toBe('370103');
  });

  it('splits a role claim given as one string of values', () => {
    expect(normalize({ sub: 'u4', groups: 'operator, third_party' }, PORTAL).groups).toEqual([
      'operator',
      'third_party',
    ]);
  });
});
