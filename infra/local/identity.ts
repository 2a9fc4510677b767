import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { ROLE_NAMES } from '#shared/domain/access/roles';
import { OIDC_CLAIMS } from '#shared/http/claim-mapping';
import { DEMO_DATA_USERS, DEMO_USERS, type DemoUser } from './demo-users';

/**
 * The local identity provider: a real OpenID Connect provider (the certified `oidc-provider` package) on its own
 * port, started by `npm start` and by the tests, standing in for the province's unified identity platform, a
 * bureau's Keycloak or Cognito. It serves discovery, JWKS, authorization (code + PKCE), token, userinfo and logout
 * for the demo users, signs ID tokens with keys kept under the data directory, and names its claims as
 * {@link OIDC_CLAIMS} (`groups`, `district_code`, `street_code`, `org_id`, `preferred_username`), so the functions
 * map them with the same configurable claim mapping as any provider in production. The gateway verifies these
 * tokens with the production verifier (shared/adapters/identity/oidc-verifier.ts) — nothing here verifies.
 *
 * Signing in is the authorization code flow with PKCE: the provider sends the browser to `/interaction/<uid>`, a
 * demo-user picker (local only: there is no password), and finishing it returns a code to the client.
 * {@link LocalIdentity.issue} runs that same flow over HTTP for a user, as `npm run token` and the tests do.
 */

/** The public client of the local runtime (CLI, tests; the portal later): no secret, PKCE required. */
export const LOCAL_CLIENT_ID = 'sgz-local';
/** The same client with ES256-signed ID tokens, to prove both algorithms the verifier accepts. */
export const LOCAL_CLIENT_ID_ES256 = 'sgz-local-es256';
/**
 * The portal's public client (web/): code + PKCE from the browser, its redirect URI the portal's callback on the
 * API's own origin, registered once the runtime knows its port ({@link LocalIdentity.registerPortal}); the token
 * endpoint answers that origin's CORS requests.
 */
export const PORTAL_CLIENT_ID = 'sgz-portal';
/** The portal's callback path, on the origin that serves it. */
export const PORTAL_CALLBACK_PATH = '/console/callback';
/** Where the CLI's flow says it will receive the code (a loopback redirect: never actually listened on). */
export const LOCAL_REDIRECT_URI = 'http://127.0.0.1/callback';
/** The scope whose claims carry the role and the scope attributes. */
export const LOCAL_SCOPE = 'openid sgz';
/** ID tokens last a working day locally (Cognito's are an hour). */
const ID_TOKEN_TTL_SECONDS = 8 * 3600;

export interface LocalIdentity {
  /** The issuer, exactly as it writes `iss` (`http://127.0.0.1:<port>`). */
  readonly issuer: string;
  /** The client ids its tokens are issued to: the verifier's audience. */
  readonly audience: readonly string[];
  /** An ID token for a user (a demo user, or another one a test registers), through the code + PKCE flow. */
  issue(user: DemoUser, options?: { clientId?: string }): Promise<string>;
  /** The provider's private signing keys (tests sign tokens the provider would not: expired, foreign audience). */
  signingKeys(): readonly JWK[];
  /** Starts signing with a new RSA key, still publishing the old ones (kept under the data directory). */
  rotateKeys(): Promise<JWK>;
  /** Stops publishing every key but the newest one (the end of a rotation). */
  retireOldKeys(): void;
  /** Lets the portal served on these origins (`http://127.0.0.1:3000`) sign in: its redirect URIs and CORS. */
  registerPortal(origins: readonly string[]): void;
  stop(): Promise<void>;
}

interface KeyFile {
  readonly keys: JWK[];
}

const newKey = async (alg: 'RS256' | 'ES256'): Promise<JWK> => {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}` };
};

async function loadKeys(keyFile: string): Promise<JWK[]> {
  if (existsSync(keyFile)) {
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as Partial<KeyFile>;
    if (Array.isArray(stored.keys) && stored.keys.length > 0) return stored.keys;
  }
  const keys = [await newKey('RS256'), await newKey('ES256')];
  saveKeys(keyFile, keys);
  return keys;
}

const saveKeys = (keyFile: string, keys: JWK[]): void => {
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, JSON.stringify({ keys } satisfies KeyFile, null, 2), { mode: 0o600 });
};

/** The claims of a user's ID token, named as {@link OIDC_CLAIMS}. */
const claimsOf = (user: DemoUser): Record<string, unknown> => ({
  sub: user.username,
  [OIDC_CLAIMS.username]: user.username,
  name: user.description,
  [OIDC_CLAIMS.roles]: [user.role],
  ...(user.district ? { [OIDC_CLAIMS.district]: user.district } : {}),
  ...(user.street ? { [OIDC_CLAIMS.street]: user.street } : {}),
  ...(user.org ? { [OIDC_CLAIMS.org]: user.org } : {}),
});

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The demo-user picker: the local provider's whole login page. */
const pickerPage = (uid: string, users: readonly DemoUser[]): string => {
  const demoData = new Set(DEMO_DATA_USERS.map((u) => u.username));
  const button = (u: DemoUser) => `<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<input type="hidden" name="username" value="${escapeHtml(u.username)}">
<button type="submit">${escapeHtml(u.description)}<small>${escapeHtml(ROLE_NAMES[u.role])} · ${escapeHtml(u.username)}</small></button></form>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 — 济南市社会工作服务站管理系统（本地演示）</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f1f1f}
h1{font-size:1.25rem}p{color:#555}form{margin:0}button{display:block;width:100%;text-align:left;padding:.75rem 1rem;margin:.5rem 0;
border:1px solid #d9d9d9;border-radius:6px;background:#fff;font-size:1rem;cursor:pointer}button:hover{border-color:#1677ff}
small{color:#888;margin-left:.5rem}</style></head>
<body><h1>选择演示用户登录</h1>
<p>这是本机运行的演示身份认证服务，没有密码；部署后由省、市统一身份认证平台或民政局的身份认证服务登录。</p>
${users
  .filter((u) => !demoData.has(u.username))
  .map(button)
  .join('\n')}
<details><summary>演示数据用户（npm run seed:demo 生成的各区县、街道、承接方和评估机构）</summary>
${users
  .filter((u) => demoData.has(u.username))
  .map(button)
  .join('\n')}
</details>
</body></html>`;
};

const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on('end', () => ok(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });

/** `formAction`: where the page's form may lead, redirects included (the picker's ends at the portal's callback). */
const sendHtml = (res: ServerResponse, status: number, html: string, formAction = "'self'"): void => {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}`,
    'cache-control': 'no-store',
  });
  res.end(html);
};

export interface IdentityOptions {
  /** The port to listen on (0: any free port). */
  readonly port: number;
  /** The JSON file of the provider's private signing keys (created once). */
  readonly keyFile: string;
}

/** Starts the local provider on 127.0.0.1. */
export async function startLocalIdentity(options: IdentityOptions): Promise<LocalIdentity> {
  const { Provider } = await importProvider();
  const { createMemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');
  const users = new Map([...DEMO_USERS, ...DEMO_DATA_USERS].map((u) => [u.username, u]));
  let keys = await loadKeys(options.keyFile);
  const cookieKeys = [randomBytes(32).toString('base64url')];

  const server: Server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;

  const publicClient = (clientId: string, alg: 'RS256' | 'ES256') => ({
    client_id: clientId,
    application_type: 'web' as const,
    token_endpoint_auth_method: 'none' as const,
    redirect_uris: [LOCAL_REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code' as const],
    id_token_signed_response_alg: alg,
  });

  let portalOrigins: readonly string[] = [];
  const portalClient = () => ({
    ...publicClient(PORTAL_CLIENT_ID, 'RS256'),
    redirect_uris: portalOrigins.map((o) => `${o}${PORTAL_CALLBACK_PATH}`),
    grant_types: ['authorization_code'],
  });

  const configuration = (): Configuration => ({
    adapter: createMemoryAdapter(0),
    clients: [
      publicClient(LOCAL_CLIENT_ID, 'RS256'),
      publicClient(LOCAL_CLIENT_ID_ES256, 'ES256'),
      ...(portalOrigins.length ? [portalClient()] : []),
    ],
    // The browser calls the token endpoint from the portal's origin: only the portal's client, only from there.
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === PORTAL_CLIENT_ID && portalOrigins.includes(origin),
    jwks: { keys: [...keys] as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: cookieKeys },
    findAccount: (_ctx, id) => {
      const user = users.get(id);
      return user ? { accountId: id, claims: () => claimsOf(user) as { sub: string } } : undefined;
    },
    claims: {
      openid: ['sub'],
      sgz: [
        OIDC_CLAIMS.username,
        'name',
        OIDC_CLAIMS.roles,
        OIDC_CLAIMS.district,
        OIDC_CLAIMS.street,
        OIDC_CLAIMS.org,
      ],
    },
    scopes: ['openid', 'sgz', 'offline_access'],
    // The role and the scope attributes in the ID token itself (what API Gateway and the authorizer read).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: {
      IdToken: ID_TOKEN_TTL_SECONDS,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: ID_TOKEN_TTL_SECONDS,
      Grant: ID_TOKEN_TTL_SECONDS,
      RefreshToken: ID_TOKEN_TTL_SECONDS,
    },
    // First-party clients: no consent screen; the grant covers what the client asked for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      if (!oidc.client || !accountId) return undefined;
      const existing = oidc.session?.grantIdFor(oidc.client.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      grant.addOIDCScope(oidc.params?.scope ? String(oidc.params.scope) : LOCAL_SCOPE);
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录出错</title><body><h1>登录出错</h1><p>${escapeHtml(
        String(out.error_description ?? out.error),
      )}</p></body></html>`;
    },
  });

  let provider = new Provider(issuer, configuration());
  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', issuer);
      const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
      if (!match) return provider.callback()(req, res);
      const details = await provider.interactionDetails(req, res);
      if (!match[2] && req.method === 'GET')
        return sendHtml(
          res,
          200,
          pickerPage(details.uid, [...users.values()]),
          ["'self'", ...portalOrigins].join(' '),
        );
      if (match[2] && req.method === 'POST') {
        const username = (await readForm(req)).get('username') ?? '';
        if (!users.has(username))
          return sendHtml(res, 400, '<!doctype html><meta charset="utf-8"><p>没有这个演示用户。</p>');
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: username } },
          { mergeWithLastSubmission: false },
        );
      }
      return sendHtml(res, 405, '<!doctype html><meta charset="utf-8"><p>不支持的请求方法。</p>');
    } catch (error) {
      if (!res.headersSent) {
        sendHtml(
          res,
          400,
          `<!doctype html><meta charset="utf-8"><p>登录会话已失效，请从应用重新发起登录。（${escapeHtml(String((error as Error).message))}）</p>`,
        );
      }
    }
  });

  const rebuild = (): void => {
    saveKeys(options.keyFile, keys);
    provider = new Provider(issuer, configuration());
  };

  return {
    issuer,
    audience: [LOCAL_CLIENT_ID, LOCAL_CLIENT_ID_ES256, PORTAL_CLIENT_ID],
    issue: async (user, { clientId = LOCAL_CLIENT_ID } = {}) => {
      if (!users.has(user.username)) users.set(user.username, user);
      return signIn(issuer, user.username, clientId);
    },
    signingKeys: () => keys,
    rotateKeys: async () => {
      const key = await newKey('RS256');
      keys = [key, ...keys];
      rebuild();
      return key;
    },
    retireOldKeys: () => {
      const newestRsa = keys.find((k) => k.alg === 'RS256');
      const newestEc = keys.find((k) => k.alg === 'ES256');
      keys = [newestRsa, newestEc].filter((k): k is JWK => k !== undefined);
      rebuild();
    },
    registerPortal: (origins) => {
      portalOrigins = [...origins];
      rebuild();
    },
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/**
 * oidc-provider warns on import that it prefers Node 22; the project supports Node 20 and the warning would only
 * alarm the person reading `npm start`'s banner. Nothing else it says is silenced.
 */
async function importProvider(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

/** A cookie jar that is just enough for one sign-in: every cookie the provider set, sent back on each request. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * The authorization code flow with PKCE, as a browser and a client would run it, for one user: authorize →
 * the picker → the code → the token endpoint. Returns the ID token.
 */
export async function signIn(issuer: string, username: string, clientId = LOCAL_CLIENT_ID): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const jar = new CookieJar();
  const step = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(new URL(url, issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(res);
    return res;
  };
  const location = (res: Response, what: string): string => {
    const to = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !to) {
      throw new Error(`本地身份认证服务在${what}时答复 ${res.status}，没有按预期跳转`);
    }
    return new URL(to, issuer).href;
  };

  const authorize = new URL('/auth', issuer);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    response_type: 'code',
    scope: LOCAL_SCOPE,
    redirect_uri: LOCAL_REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(8).toString('hex'),
  }))
    authorize.searchParams.set(k, v);
  const interaction = location(await step(authorize.href), '发起登录');
  const afterLogin = location(
    await step(`${interaction}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username }).toString(),
    }),
    '选择用户',
  );
  const callback = new URL(location(await step(afterLogin), '完成登录'));
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(
      `本地身份认证服务没有给出授权码：${callback.searchParams.get('error_description') ?? callback.href}`,
    );
  }
  const token = await fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: LOCAL_REDIRECT_URI,
      client_id: clientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as { id_token?: string; error_description?: string };
  if (!token.ok || !body.id_token) {
    throw new Error(`本地身份认证服务没有签发令牌：${body.error_description ?? token.status}`);
  }
  return body.id_token;
}
