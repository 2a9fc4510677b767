import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import { principalFromClaims, resetVerifier, verifiedClaimsOfHeader } from '#shared/http/auth';
import { COGNITO_CLAIMS, claimMappingFromEnv, OIDC_CLAIMS } from '#shared/http/claim-mapping';

/** The one mapping from verified claims to a principal, whatever provider issued them and whoever verified them. */
const refusal = (run: () => unknown): { status: number; code: string; detail: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError)
      return { status: error.status, code: error.code, detail: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};
const soon = () => Math.floor(Date.now() / 1000) + 3600;

describe('claims to principal (Cognito, as API Gateway renders them)', () => {
  it('reads cognito:groups as "[a b]" and the scope attributes', () => {
    const p = principalFromClaims(
      {
        sub: 'abc',
        'cognito:username': 'lixia.mz',
        'cognito:groups': '[district_civil_affairs auditor]',
        'custom:district': '370102',
        exp: String(soon()),
      },
      COGNITO_CLAIMS,
    );
    expect(p).toEqual({
      sub: 'abc',
      username: 'lixia.mz',
      roles: ['district_civil_affairs', 'auditor'],
      district: '370102',
    });
  });

  it('ignores groups that are not roles of the system', () => {
    expect(
      principalFromClaims(
        { sub: 'x', 'cognito:groups': ['admins', 'operator'], 'custom:org': 'org-a' },
        COGNITO_CLAIMS,
      ).roles,
    ).toEqual(['operator']);
  });

  it('uses the Cognito names when no mapping is configured', () => {
    expect(claimMappingFromEnv({})).toEqual(COGNITO_CLAIMS);
  });
});

describe('claims to principal (any OIDC provider, with its own names)', () => {
  const keycloak = {
    ...OIDC_CLAIMS,
    roles: 'realm_access.roles',
    district: 'xzqh',
    roleValues: { 区民政: 'district_civil_affairs', 街道: 'street_office' } as const,
  };

  it('follows a nested claim path and maps the provider role values', () => {
    const p = principalFromClaims(
      {
        sub: 'u1',
        preferred_username: '张科长',
        realm_access: { roles: ['offline_access', '区民政'] },
        xzqh: '370103',
      },
      keycloak,
    );
    expect(p).toEqual({
      sub: 'u1',
      username: '张科长',
      roles: ['district_civil_affairs'],
      district: '370103',
    });
  });

  it("takes a street office's district from its street code", () => {
    const p = principalFromClaims(
      { sub: 'u2', realm_access: { roles: ['街道'] }, street_code: '370102001' },
      keycloak,
    );
    expect(p).toMatchObject({ roles: ['street_office'], street: '370102001', district: '370102' });
  });

  it('refuses with 401 TOKEN_CLAIMS_INVALID when a subject is missing', () => {
    expect(
      refusal(() => principalFromClaims({ groups: ['operator'], org_id: 'org-a' }, OIDC_CLAIMS)),
    ).toMatchObject({
      status: 401,
      code: 'TOKEN_CLAIMS_INVALID',
    });
  });

  it('refuses with 403 ROLE_CLAIM_MISSING when no value is a role of the system, never a lesser role', () => {
    expect(
      refusal(() =>
        principalFromClaims({ sub: 'u', groups: ['admins'], district_code: '370102' }, OIDC_CLAIMS),
      ),
    ).toMatchObject({ status: 403, code: 'ROLE_CLAIM_MISSING' });
  });

  it('refuses with 403 SCOPE_CLAIM_MISSING a district role without its district code, naming the claim', () => {
    const r = refusal(() =>
      principalFromClaims({ sub: 'u', groups: ['district_civil_affairs'] }, OIDC_CLAIMS),
    );
    expect(r).toMatchObject({ status: 403, code: 'SCOPE_CLAIM_MISSING' });
    expect(r.detail).toContain('district_code');
  });

  it.each([
    ['a district code of 5 digits', { district_code: '37010' }],
    ['a district code as a number', { district_code: 370102 }],
    ['a street code of another district', { street_code: '370103002' }],
    ['roles as an object', { groups: { role: 'district_civil_affairs' } }],
  ])('refuses with 401 TOKEN_CLAIMS_INVALID %s', (_name, change) => {
    const r = refusal(() =>
      principalFromClaims(
        { sub: 'u', groups: ['district_civil_affairs'], district_code: '370102', ...change },
        OIDC_CLAIMS,
      ),
    );
    expect(r).toMatchObject({ status: 401, code: 'TOKEN_CLAIMS_INVALID' });
  });

  it('refuses with 401 TOKEN_EXPIRED claims whose token has expired since an authorizer cached them', () => {
    const r = refusal(() =>
      principalFromClaims(
        { sub: 'u', groups: ['operator'], org_id: 'org-a', exp: Math.floor(Date.now() / 1000) - 1 },
        OIDC_CLAIMS,
      ),
    );
    expect(r).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
  });
});

describe('the token verified by the function itself (identity verifier `function`)', () => {
  const refusalOf = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('leaves the request to an authorizer when the function has no issuer', async () => {
    resetVerifier();
    expect(await verifiedClaimsOfHeader('Bearer a.b.c', {})).toBeUndefined();
  });

  it('answers 503 IDENTITY_PROVIDER_UNAVAILABLE, in zh-CN, when the provider cannot be asked for its keys', async () => {
    resetVerifier();
    // Nothing listens on port 9: the discovery request is refused at once.
    const env = { IDENTITY_ISSUER: 'http://127.0.0.1:9/realms/sgz', IDENTITY_AUDIENCE: 'sgz-portal' };
    const error = await refusalOf(() => verifiedClaimsOfHeader('Bearer a.b.c', env));
    expect(error.status).toBe(503);
    expect(error.code).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    expect(error.message).toMatch(/Retry-After/);
    // A header that is not `Bearer <token>` is refused before the provider is asked.
    const missing = await refusalOf(() => verifiedClaimsOfHeader('Basic bGk6cHc=', env));
    expect([missing.status, missing.code]).toEqual([401, 'UNAUTHENTICATED']);
    resetVerifier();
  });
});
