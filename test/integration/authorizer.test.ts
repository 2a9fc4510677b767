import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler, resetAuthorizer } from '#functions/auth/authorizer.handler';
import {
  LOCAL_CLIENT_ID,
  LOCAL_CLIENT_ID_ES256,
  type LocalIdentity,
  startLocalIdentity,
} from '#infra/local/identity';
import {
  IDENTITY_AUDIENCE_ENV,
  IDENTITY_ISSUER_ENV,
  IDENTITY_JWKS_COOLDOWN_ENV,
  IdentityProviderUnavailable,
} from '#shared/adapters/identity/oidc-verifier';
import { DomainError } from '#shared/domain/errors';
import { principalFromClaims } from '#shared/http/auth';
import { OIDC_CLAIMS } from '#shared/http/claim-mapping';

/**
 * The Lambda authorizer (functions/auth/authorizer.handler.ts) against a real OpenID Connect provider: the local
 * one `npm start` runs (oidc-provider), found by discovery, its keys by JWKS. What the China regions run.
 */
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

const event = (authorization: string | undefined): APIGatewayRequestAuthorizerEventV2 =>
  ({
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws-cn:execute-api:cn-northwest-1:123456789012:abc/$default/GET/stations',
    identitySource: authorization ? [authorization] : [],
    routeKey: 'GET /stations',
    rawPath: '/stations',
    rawQueryString: '',
    cookies: [],
    headers: authorization ? { authorization } : {},
    requestContext: {} as APIGatewayRequestAuthorizerEventV2['requestContext'],
  }) as APIGatewayRequestAuthorizerEventV2;

const authorize = (token: string | undefined) =>
  handler(event(token === undefined ? undefined : `Bearer ${token}`));

describe('the Lambda authorizer against the local OpenID Connect provider', () => {
  let identity: LocalIdentity;
  let dir: string;
  let rsaKey: JWK;
  const lixia = {
    username: 'lixia.mz',
    role: 'district_civil_affairs',
    district: '370102',
    description: '历下区民政局',
  } as const;
  const now = () => Math.floor(Date.now() / 1000);

  /** A token the provider's own RSA key signs, with the given claims over the usual ones. */
  const signed = async (claims: JWTPayload, header: { kid?: string } = {}) => {
    const key = await importJWK(rsaKey, 'RS256');
    return new SignJWT({
      sub: 'lixia.mz',
      groups: ['district_civil_affairs'],
      district_code: '370102',
      iss: identity.issuer,
      aud: LOCAL_CLIENT_ID,
      iat: now(),
      exp: now() + 600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? (rsaKey.kid as string) })
      .sign(key);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sgz-oidc-'));
    identity = await startLocalIdentity({ port: 0, keyFile: join(dir, 'keys.json') });
    rsaKey = identity.signingKeys().find((k) => k.alg === 'RS256') as JWK;
    process.env[IDENTITY_ISSUER_ENV] = identity.issuer;
    process.env[IDENTITY_AUDIENCE_ENV] = identity.audience.join(',');
    // No cooldown between two JWKS fetches, so that a rotation is seen at once (30 s by default).
    process.env[IDENTITY_JWKS_COOLDOWN_ENV] = '0';
  });
  beforeEach(() => resetAuthorizer());
  afterAll(async () => {
    await identity?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('authorizes an RS256 ID token from the code flow and hands on its claims', async () => {
    const result = await authorize(await identity.issue(lixia));

    expect(result.isAuthorized).toBe(true);
    const claims = JSON.parse(result.context.claims as string);
    expect(claims).toMatchObject({
      iss: identity.issuer,
      aud: LOCAL_CLIENT_ID,
      groups: ['district_civil_affairs'],
    });
    expect(principalFromClaims(claims, OIDC_CLAIMS)).toMatchObject({
      username: 'lixia.mz',
      roles: ['district_civil_affairs'],
      district: '370102',
    });
  });

  it('authorizes an ES256 ID token (the other client)', async () => {
    const token = await identity.issue(lixia, { clientId: LOCAL_CLIENT_ID_ES256 });
    expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).alg).toBe('ES256');

    expect((await authorize(token)).isAuthorized).toBe(true);
  });

  const refused: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['expired', async () => signed({ iat: now() - 7200, exp: now() - 3600 })],
    ['not yet valid', async () => signed({ nbf: now() + 3600 })],
    ['a wrong audience', async () => signed({ aud: 'another-client' })],
    ['a wrong issuer', async () => signed({ iss: 'https://sso.example.cn/realms/other' })],
    ['no subject', async () => signed({ sub: undefined })],
    [
      'alg: none',
      async () => {
        const [, payload] = (await signed({})).split('.');
        return `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
      },
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const [, payload] = (await signed({})).split('.');
        const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = rsaKey;
        const head = b64({ alg: 'HS256', typ: 'JWT', kid: rsaKey.kid });
        const mac = createHmac('sha256', JSON.stringify(publicJwk))
          .update(`${head}.${payload}`)
          .digest('base64url');
        return `${head}.${payload}.${mac}`;
      },
    ],
    [
      'an unknown kid',
      async () => {
        const other = await generateKeyPair('RS256');
        return new SignJWT({ sub: 'lixia.mz', iss: identity.issuer, aud: LOCAL_CLIENT_ID, exp: now() + 600 })
          .setProtectedHeader({ alg: 'RS256', kid: 'not-published' })
          .sign(other.privateKey);
      },
    ],
    [
      "another key under the provider's kid",
      async () => {
        const other = await generateKeyPair('RS256');
        return new SignJWT({ sub: 'lixia.mz', iss: identity.issuer, aud: LOCAL_CLIENT_ID, exp: now() + 600 })
          .setProtectedHeader({ alg: 'RS256', kid: rsaKey.kid as string })
          .sign(other.privateKey);
      },
    ],
  ];
  for (const [name, make] of refused) {
    it(`refuses a token with ${name}`, async () => {
      expect(await authorize(await make())).toEqual({ isAuthorized: false, context: {} });
    });
  }

  it('accepts tokens of a rotated key without a redeploy, and those of the previous key while it is published', async () => {
    const before = await identity.issue(lixia);
    expect((await authorize(before)).isAuthorized).toBe(true);

    const rotated = await identity.rotateKeys();
    const after = await identity.issue(lixia);

    expect(JSON.parse(Buffer.from(after.split('.')[0] as string, 'base64url').toString()).kid).toBe(
      rotated.kid,
    );
    expect((await authorize(after)).isAuthorized).toBe(true);
    expect((await authorize(await signed({ iat: now() - 1 }))).isAuthorized).toBe(true);
  });

  it('passes a token without the district claim, and the access check refuses it: 403 SCOPE_CLAIM_MISSING', async () => {
    const token = await identity.issue({
      username: 'no-district',
      role: 'district_civil_affairs',
      description: '缺区县',
    });

    const result = await authorize(token);
    expect(result.isAuthorized).toBe(true);
    let refusal: unknown;
    try {
      principalFromClaims(JSON.parse(result.context.claims as string), OIDC_CLAIMS);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ status: 403, code: 'SCOPE_CLAIM_MISSING' });
  });

  it('fails (not refuses) while the provider cannot be reached, so API Gateway caches no refusal', async () => {
    const token = await signed({});
    const saved = process.env[IDENTITY_ISSUER_ENV];
    process.env[IDENTITY_ISSUER_ENV] = 'http://127.0.0.1:9/unreachable';
    resetAuthorizer();
    try {
      await expect(authorize(token)).rejects.toBeInstanceOf(IdentityProviderUnavailable);
    } finally {
      process.env[IDENTITY_ISSUER_ENV] = saved;
    }
  });
});
