import { createHmac, createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#infra/local/identity';
import { freePort } from '#infra/local/ports';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime';
import { type Client, GATEWAY_REPLIES, httpClient, problemFaults } from '#test/helpers/arbitraries';

/**
 * Bearer tokens on a protected route (GET /stations as 历下区民政局, and a write, POST /stations): expired, not yet
 * valid, wrong issuer, wrong audience, `alg: none`, HS256 signed with the public key (algorithm confusion), another
 * key, a tampered payload or signature, no `Bearer`, garbage. Each is refused with 401 before any function runs —
 * by the local stand-in for the HTTP API's JWT authorizer, whose answer is API Gateway's own
 * `{"message":"Unauthorized"}` with `WWW-Authenticate: Bearer` (on AWS the HTTP API sends that body and it cannot be
 * customised, so it is not problem+json there either). A token that passes the authorizer but names no subject is
 * refused by the function: 401 problem+json UNAUTHENTICATED. A valid token still works.
 */
const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('bearer tokens on a protected route', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  let api: Client;
  let privateKey: Awaited<ReturnType<typeof importJWK>>;
  let publicJwk: JWK;
  let valid: string;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (): JWTPayload => ({
    token_use: 'id',
    'cognito:username': 'lixia.mz',
    'cognito:groups': ['district_civil_affairs'],
    'custom:district': '370102',
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
      .setProtectedHeader({ alg: 'RS256', kid: 'local' })
      .setIssuer(change.iss ?? LOCAL_ISSUER)
      .setAudience(change.aud ?? LOCAL_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(change.exp ?? iat + 3600);
    if (change.sub !== null) jwt = jwt.setSubject(change.sub ?? 'local-lixia.mz');
    if (change.nbf !== undefined) jwt = jwt.setNotBefore(change.nbf);
    return jwt.sign(privateKey);
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
    dataDir = mkdtempSync(join(tmpdir(), 'sgz-tokens-'));
    mkdirSync(dataDir, { recursive: true });
    runtime = await startLocalRuntime({
      port: await freePort(),
      s3Port: await freePort(),
      dynamoPort: await freePort(),
      dataDir,
      inMemory: true,
      schedules: false,
    });
    api = httpClient(runtime.apiUrl, runtime.identity);
    // The runtime's signing key (kept in its data directory), to make tokens that differ in one claim only.
    const keys = JSON.parse(readFileSync(join(dataDir, 'local-jwt-key.json'), 'utf8')) as {
      privateJwk: JWK;
      publicJwk: JWK;
    };
    privateKey = await importJWK(keys.privateJwk, 'RS256');
    publicJwk = keys.publicJwk;
    valid = await api.tokenOf('lixia.mz');
  });
  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** 401 from the authorizer: API Gateway's body and challenge, and nothing of the route's data. */
  const refusedByAuthorizer = (reply: Awaited<ReturnType<Client>>, what: string) => {
    expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBe(401);
    expect(reply.body, what).toEqual({ message: GATEWAY_REPLIES[401] });
    expect(reply.headers.get('www-authenticate'), what).toBe('Bearer');
  };

  it('accepts a valid token from /local/token, for reading and writing', async () => {
    const reply = await read(`Bearer ${valid}`);
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([]);
    expect((await read(`Bearer ${await signed()}`)).status).toBe(200);
    const created = await api('POST', '/stations', {
      headers: { authorization: `Bearer ${valid}` },
      body: { districtCode: '370102', streetCode: '370102002', address: '有效令牌' },
    });
    expect(created.status).toBe(201);
  });

  const cases: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['the token without "Bearer"', async () => valid],
    ['Basic credentials', async () => `Basic ${Buffer.from('lixia.mz:password').toString('base64')}`],
    ['"Bearer" alone', async () => 'Bearer'],
    ['"Bearer " and spaces', async () => 'Bearer    '],
    ['garbage', async () => 'Bearer not-a-token'],
    ['three garbage parts', async () => 'Bearer abc.def.ghi'],
    ['empty parts', async () => 'Bearer ..'],
    ['two tokens', async () => `Bearer ${valid} ${valid}`],
    ['expired', async () => `Bearer ${await signed({ iat: now() - 9 * 3600, exp: now() - 3600 })}`],
    ['expired a second ago', async () => `Bearer ${await signed({ iat: now() - 3600, exp: now() - 1 })}`],
    ['not yet valid (nbf in an hour)', async () => `Bearer ${await signed({ nbf: now() + 3600 })}`],
    [
      'wrong issuer',
      async () => `Bearer ${await signed({ iss: 'https://cognito-idp.cn-north-1.amazonaws.com/evil' })}`,
    ],
    ['issuer with a trailing slash', async () => `Bearer ${await signed({ iss: `${LOCAL_ISSUER}/` })}`],
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
        return `Bearer ${b64({ alg: 'NONE', kid: 'local' })}.${payload}.${signature}`;
      },
    ],
    [
      'HS256 signed with the public key (JWK)',
      async () => {
        const [, payload] = valid.split('.');
        const head = b64({ alg: 'HS256', typ: 'JWT', kid: 'local' });
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
        const head = b64({ alg: 'HS256', typ: 'JWT', kid: 'local' });
        const mac = createHmac('sha256', pem).update(`${head}.${payload}`).digest('base64url');
        return `Bearer ${head}.${payload}.${mac}`;
      },
    ],
    [
      'signed by another RSA key under the same kid',
      async () => {
        const other = await generateKeyPair('RS256');
        const token = await new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', kid: 'local' })
          .setSubject('local-lixia.mz')
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(other.privateKey);
        return `Bearer ${token}`;
      },
    ],
    [
      'another key embedded in the header (jwk)',
      async () => {
        const other = await generateKeyPair('RS256', { extractable: true });
        const token = await new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(other.publicKey) })
          .setSubject('local-lixia.mz')
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(other.privateKey);
        return `Bearer ${token}`;
      },
    ],
    [
      'tampered payload: the city role',
      async () => {
        const [head, payload, signature] = valid.split('.') as [string, string, string];
        const forged = { ...decode(payload), 'cognito:groups': ['city_civil_affairs'] };
        return `Bearer ${head}.${b64(forged)}.${signature}`;
      },
    ],
    [
      'tampered payload: another district',
      async () => {
        const [head, payload, signature] = valid.split('.') as [string, string, string];
        return `Bearer ${head}.${b64({ ...decode(payload), 'custom:district': '370103' })}.${signature}`;
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

  describe('refuses with 401 before the function runs', () => {
    for (const [name, make] of cases) {
      it(name, async () => {
        const authorization = await make();
        refusedByAuthorizer(await read(authorization), `GET ${name}`);
        if (authorization !== undefined) refusedByAuthorizer(await write(authorization), `POST ${name}`);
      });
    }
    it('wrote nothing while refusing', async () => {
      const listed = await read(`Bearer ${valid}`);
      expect(listed.body.items.map((st: { address: string }) => st.address)).toEqual(['有效令牌']);
    });
  });

  it('refuses a verified token that names no subject: 401 problem+json UNAUTHENTICATED from the function', async () => {
    const reply = await read(`Bearer ${await signed({ sub: null })}`);
    expect(reply.status).toBe(401);
    expect(problemFaults(reply)).toEqual([]);
    expect(reply.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a verified token with no role of the route: 403 FORBIDDEN_ROLE', async () => {
    const reply = await read(
      `Bearer ${await signed({ payload: { 'cognito:groups': ['operator', 'admin'] } })}`,
    );
    expect(reply.status).toBe(403);
    expect(problemFaults(reply)).toEqual([]);
    expect(reply.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('still accepts the valid token afterwards', async () => {
    expect((await read(`Bearer ${valid}`)).status).toBe(200);
  });
});
