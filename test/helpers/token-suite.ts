import { createHmac, createPublicKey, type webcrypto } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifierMode } from '#infra/local/api-gateway';
import { LOCAL_CLIENT_ID } from '#infra/local/identity';
import { type Client, GATEWAY_REPLIES, httpClient, problemFaults } from '#test/helpers/arbitraries';
import { startTestRuntime } from '#test/helpers/runtime';

/**
 * Bearer tokens on a protected route (GET /stations as 历下区民政局, and a write, POST /stations): expired, not yet
 * valid, wrong issuer, wrong audience, `alg: none`, HS256 signed with the public key (algorithm confusion), another
 * key, an unknown kid, a tampered payload or signature, no `Bearer`, garbage. Each is refused before the route's
 * use case runs, by the production verifier against the local OpenID Connect provider, in the three ways a
 * deployment has (infra/identity-config.ts):
 *
 * - `function` (the default): by the route's function itself, 401 problem+json in zh-CN with a stable code —
 *   UNAUTHENTICATED (no `Bearer <token>`), TOKEN_EXPIRED, TOKEN_INVALID naming the reason — and `WWW-Authenticate`;
 * - `jwt`, as API Gateway's JWT authorizer: 401 `{"message":"Unauthorized"}` with `WWW-Authenticate: Bearer` (on AWS
 *   the HTTP API sends that body and it cannot be customised, so it is not problem+json there either);
 * - `lambda`, as the China regions' Lambda authorizer: 401 when there is no Authorization header at all (API
 *   Gateway does not invoke the authorizer), otherwise 403 `{"message":"Forbidden"}` (its simple-response refusal).
 *
 * A verified token whose claims do not make a principal (no role of the system, no district for a district role, a
 * malformed code) is refused by the function with a problem+json naming the claim. A valid token still works.
 */
const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

type RefusalCode = 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

/** The refusal each authorizer gives a bad token that was sent (no header at all is 401 from both). */
const REFUSALS: Record<VerifierMode, { status: number; message: string }> = {
  function: { status: 401, message: '' },
  jwt: { status: 401, message: GATEWAY_REPLIES[401] as string },
  lambda: { status: 403, message: 'Forbidden' },
};

/** The suite for one authorizer; each in its own test file, so each runtime has its process to itself. */
export function tokenSuite(mode: VerifierMode): void {
  const { status: refusedStatus, message: refusedMessage } = REFUSALS[mode];
  describe(`bearer tokens on a protected route (${mode} authorizer)`, () => {
    let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
    let api: Client;
    let privateKey: Awaited<ReturnType<typeof importJWK>>;
    let publicJwk: JWK;
    let kid: string;
    let issuer: string;
    let valid: string;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (): JWTPayload => ({
      preferred_username: 'lixia.mz',
      groups: ['district_civil_affairs'],
      district_code: '370102',
    });
    /** A token signed with the runtime's own key, with the given changes. */
    const signed = (
      change: {
        payload?: JWTPayload;
        iss?: string;
        aud?: string;
        iat?: number;
        exp?: number;
        nbf?: number;
        sub?: string | null;
      } = {},
    ) => {
      const iat = change.iat ?? now();
      let jwt = new SignJWT({ ...claims(), ...change.payload })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(change.iss ?? issuer)
        .setAudience(change.aud ?? LOCAL_CLIENT_ID)
        .setIssuedAt(iat)
        .setExpirationTime(change.exp ?? iat + 3600);
      if (change.sub !== null) jwt = jwt.setSubject(change.sub ?? 'lixia.mz');
      if (change.nbf !== undefined) jwt = jwt.setNotBefore(change.nbf);
      return jwt.sign(privateKey);
    };
    /** A token with the right claims, signed by a key the provider never published, under the given header. */
    const foreignToken = async (header: (publicKey: webcrypto.CryptoKey) => Promise<JWTHeaderParameters>) => {
      const other = await generateKeyPair('RS256', { extractable: true });
      return new SignJWT(claims())
        .setProtectedHeader(await header(other.publicKey))
        .setSubject('lixia.mz')
        .setIssuer(issuer)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(other.privateKey);
    };
    const read = (authorization?: string) =>
      api(
        'GET',
        '/stations?district=370102',
        authorization === undefined ? {} : { headers: { authorization } },
      );
    const write = (authorization: string) =>
      api('POST', '/stations', {
        headers: { authorization },
        body: { districtCode: '370102', streetCode: '370102003', address: '不应写入' },
      });

    beforeAll(async () => {
      runtime = await startTestRuntime({ verifier: mode });
      api = httpClient(runtime.apiUrl, runtime.identity);
      // The provider's RSA signing key (kept in the data directory), to make tokens that differ in one claim only.
      const key = runtime.identity.signingKeys().find((k) => k.alg === 'RS256') as JWK;
      privateKey = await importJWK(key, 'RS256');
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = key;
      publicJwk = publicPart;
      kid = key.kid as string;
      issuer = runtime.identity.issuer;
      valid = await api.tokenOf('lixia.mz');
    });
    afterAll(async () => {
      await runtime?.dispose();
    });

    /**
     * Refused: by the function, a problem in zh-CN with the code expected for the case and RFC 6750's challenge;
     * by an authorizer, API Gateway's own body (and challenge for a 401). Nothing of the route's data either way.
     */
    const refusedByAuthorizer = (
      reply: Awaited<ReturnType<Client>>,
      what: string,
      header: boolean,
      code: RefusalCode,
    ) => {
      if (mode === 'function') {
        expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBe(401);
        expect(problemFaults(reply), what).toEqual([]);
        expect(reply.body.code, what).toBe(code);
        expect(reply.body.detail, what).toMatch(/[\u4e00-\u9fff]/);
        expect(reply.headers.get('www-authenticate'), what).toBe(
          code === 'UNAUTHENTICATED' ? 'Bearer' : 'Bearer error="invalid_token"',
        );
        return;
      }
      const status = header ? refusedStatus : 401;
      expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBe(status);
      expect(reply.body, what).toEqual({ message: status === 401 ? GATEWAY_REPLIES[401] : refusedMessage });
      if (status === 401) expect(reply.headers.get('www-authenticate'), what).toBe('Bearer');
    };

    it("accepts a valid token from /local/token (the provider's code flow), for reading and writing", async () => {
      const reply = await read(`Bearer ${valid}`);
      expect(reply.status).toBe(200);
      expect(reply.body.items).toEqual([]);
      expect((await read(`Bearer ${await signed()}`)).status).toBe(200);
      const created = await api('POST', '/stations', {
        headers: { authorization: `Bearer ${valid}` },
        body: { districtCode: '370102', streetCode: '370102002', address: '有效令牌' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    });

    /** Each case, its Authorization header, and the code the function answers (TOKEN_INVALID when not named). */
    const cases: [string, () => Promise<string | undefined>, RefusalCode?][] = [
      ['no Authorization header', async () => undefined, 'UNAUTHENTICATED'],
      ['the token without "Bearer"', async () => valid, 'UNAUTHENTICATED'],
      [
        'Basic credentials',
        async () => `Basic ${Buffer.from('lixia.mz:password').toString('base64')}`,
        'UNAUTHENTICATED',
      ],
      ['"Bearer" alone', async () => 'Bearer', 'UNAUTHENTICATED'],
      ['"Bearer " and spaces', async () => 'Bearer    ', 'UNAUTHENTICATED'],
      ['garbage', async () => 'Bearer not-a-token'],
      ['three garbage parts', async () => 'Bearer abc.def.ghi'],
      ['empty parts', async () => 'Bearer ..'],
      ['two tokens', async () => `Bearer ${valid} ${valid}`, 'UNAUTHENTICATED'],
      [
        'expired',
        async () => `Bearer ${await signed({ iat: now() - 9 * 3600, exp: now() - 3600 })}`,
        'TOKEN_EXPIRED',
      ],
      [
        'expired a second ago',
        async () => `Bearer ${await signed({ iat: now() - 3600, exp: now() - 1 })}`,
        'TOKEN_EXPIRED',
      ],
      ['not yet valid (nbf in an hour)', async () => `Bearer ${await signed({ nbf: now() + 3600 })}`],
      ['wrong issuer', async () => `Bearer ${await signed({ iss: 'https://sso.example.cn/realms/evil' })}`],
      ['issuer with a trailing slash', async () => `Bearer ${await signed({ iss: `${issuer}/` })}`],
      ['no subject', async () => `Bearer ${await signed({ sub: null })}`],
      ['wrong audience', async () => `Bearer ${await signed({ aud: 'another-client' })}`],
      [
        'alg: none',
        async () => {
          const [, payload] = valid.split('.');
          return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
        },
      ],
      [
        'alg: none, upper case, with the old signature',
        async () => {
          const [, payload, signature] = valid.split('.');
          return `Bearer ${b64({ alg: 'NONE', kid })}.${payload}.${signature}`;
        },
      ],
      [
        'HS256 signed with the public key (JWK)',
        async () => {
          const [, payload] = valid.split('.');
          const head = b64({ alg: 'HS256', typ: 'JWT', kid });
          const mac = createHmac('sha256', JSON.stringify(publicJwk))
            .update(`${head}.${payload}`)
            .digest('base64url');
          return `Bearer ${head}.${payload}.${mac}`;
        },
      ],
      [
        'HS256 signed with the public key (PEM)',
        async () => {
          const pem = createPublicKey({ key: publicJwk as never, format: 'jwk' }).export({
            type: 'spki',
            format: 'pem',
          });
          const [, payload] = valid.split('.');
          const head = b64({ alg: 'HS256', typ: 'JWT', kid });
          const mac = createHmac('sha256', pem).update(`${head}.${payload}`).digest('base64url');
          return `Bearer ${head}.${payload}.${mac}`;
        },
      ],
      [
        'signed by another RSA key under the same kid',
        async () => `Bearer ${await foreignToken(async () => ({ alg: 'RS256', kid }))}`,
      ],
      [
        'another key embedded in the header (jwk)',
        async () =>
          `Bearer ${await foreignToken(async (publicKey) => ({ alg: 'RS256', jwk: await exportJWK(publicKey) }))}`,
      ],
      [
        'an unknown kid',
        async () => `Bearer ${await foreignToken(async () => ({ alg: 'RS256', kid: 'not-published' }))}`,
      ],
      [
        'tampered payload: the city role',
        async () => {
          const [head, payload, signature] = valid.split('.') as [string, string, string];
          const forged = { ...decode(payload), groups: ['city_civil_affairs'] };
          return `Bearer ${head}.${b64(forged)}.${signature}`;
        },
      ],
      [
        'tampered payload: another district',
        async () => {
          const [head, payload, signature] = valid.split('.') as [string, string, string];
          return `Bearer ${head}.${b64({ ...decode(payload), district_code: '370103' })}.${signature}`;
        },
      ],
      [
        'tampered payload: expiry pushed out',
        async () => {
          const [head, payload, signature] = valid.split('.') as [string, string, string];
          return `Bearer ${head}.${b64({ ...decode(payload), exp: now() + 10 * 365 * 86400 })}.${signature}`;
        },
      ],
      [
        'tampered signature',
        async () => {
          const [head, payload, signature] = valid.split('.') as [string, string, string];
          const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
          return `Bearer ${head}.${payload}.${flipped}`;
        },
      ],
      [
        'signature cut off',
        async () => {
          const [head, payload] = valid.split('.');
          return `Bearer ${head}.${payload}.`;
        },
      ],
      [
        'an RS256 signature from another token',
        async () => {
          const [head, payload] = valid.split('.');
          const other = (await api.tokenOf('shizhong.mz')).split('.')[2];
          return `Bearer ${head}.${payload}.${other}`;
        },
      ],
    ];

    const refusedHow =
      mode === 'function'
        ? 'with a 401 problem from the function'
        : `with ${refusedStatus} (401 without a header) before the function runs`;
    describe(`refuses ${refusedHow}`, () => {
      for (const [name, make, code = 'TOKEN_INVALID'] of cases) {
        it(name, async () => {
          const authorization = await make();
          refusedByAuthorizer(await read(authorization), `GET ${name}`, authorization !== undefined, code);
          if (authorization !== undefined)
            refusedByAuthorizer(await write(authorization), `POST ${name}`, true, code);
        });
      }
      it('wrote nothing while refusing', async () => {
        const listed = await read(`Bearer ${valid}`);
        expect(listed.body.items.map((st: { address: string }) => st.address)).toEqual(['有效令牌']);
      });
    });

    it.each([
      ['no role of the system', { groups: ['admins'] }, 403, 'ROLE_CLAIM_MISSING', 'groups'],
      [
        'a district role without its district',
        { district_code: undefined },
        403,
        'SCOPE_CLAIM_MISSING',
        'district_code',
      ],
      ['a malformed district code', { district_code: '3701' }, 401, 'TOKEN_CLAIMS_INVALID', 'district_code'],
    ])(
      'refuses a verified token with %s: problem+json from the function, naming the claim',
      async (_name, payload, status, code, claim) => {
        const reply = await read(`Bearer ${await signed({ payload })}`);
        expect(reply.status).toBe(status);
        expect(problemFaults(reply)).toEqual([]);
        expect(reply.body.code).toBe(code);
        expect(reply.body.detail).toContain(claim);
      },
    );

    it('refuses a verified token with no role of the route: 403 FORBIDDEN_ROLE', async () => {
      const reply = await read(
        `Bearer ${await signed({ payload: { groups: ['operator', 'admin'], org_id: 'org-op-a' } })}`,
      );
      expect(reply.status).toBe(403);
      expect(problemFaults(reply)).toEqual([]);
      expect(reply.body.code).toBe('FORBIDDEN_ROLE');
    });

    it('still accepts the valid token afterwards', async () => {
      expect((await read(`Bearer ${valid}`)).status).toBe(200);
    });
  });
}
