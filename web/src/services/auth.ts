import { type Claims, normalize, type PortalConfig } from './claims';

export type { Claims } from './claims';

/**
 * Signing in: OpenID Connect authorization code with PKCE at the identity provider the server names in
 * `/portal-config.json` (locally the runtime's own provider, whose sign-in page is a demo-user picker). The ID token
 * is the bearer token the API verifies. Tokens live in this module's memory only — never localStorage or
 * sessionStorage — so a reload or a new tab signs in again (silently while the provider's session lasts); only the
 * PKCE verifier, the state and the page to return to wait in sessionStorage during the redirect.
 */

export interface Session {
  readonly idToken: string;
  readonly claims: Claims;
}

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

const PENDING = 'sgz.login.pending';
let session: Session | undefined;
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

export const currentSession = (): Session | undefined =>
  session?.claims.exp && session.claims.exp * 1000 < Date.now() ? undefined : session;

export const onSessionChange = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

let portalConfig: Promise<PortalConfig> | undefined;
/** `/portal-config.json`, fetched once. */
export const loadPortalConfig = (): Promise<PortalConfig> => {
  portalConfig ??= fetch('/portal-config.json').then((res) => res.json() as Promise<PortalConfig>);
  return portalConfig;
};

let config: Promise<{ portal: PortalConfig; discovery: Discovery }> | undefined;
const loadConfig = () => {
  config ??= (async () => {
    const portal = await loadPortalConfig();
    const discovery = (await (
      await fetch(`${portal.issuer}/.well-known/openid-configuration`)
    ).json()) as Discovery;
    return { portal, discovery };
  })();
  return config;
};

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));
const redirectUri = () => `${window.location.origin}/console/callback`;

/** Sends the browser to the provider. `chooseUser` asks it to show the sign-in page even with a live session. */
export async function startLogin(returnTo: string, chooseUser = false): Promise<void> {
  const { portal, discovery } = await loadConfig();
  const verifier = random(32);
  const state = random(16);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: portal.clientId,
    response_type: 'code',
    scope: portal.scope,
    redirect_uri: redirectUri(),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce: random(16),
    ...(chooseUser ? { prompt: 'login' } : {}),
  }).toString();
  window.location.assign(url.href);
}

const decodeClaims = (jwt: string): Record<string, unknown> => {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
};

/** The callback: trades the code for tokens and answers the page to return to. */
export async function completeLogin(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (params.get('error'))
    throw new Error(`登录未完成：${params.get('error_description') ?? params.get('error')}`);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state)
    throw new Error('登录会话已失效，请重新登录');
  const { portal, discovery } = await loadConfig();
  const res = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: portal.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await res.json()) as { id_token?: string; error_description?: string };
  if (!res.ok || !body.id_token) throw new Error(`登录失败：${body.error_description ?? res.status}`);
  session = { idToken: body.id_token, claims: normalize(decodeClaims(body.id_token), portal) };
  changed();
  return pending.returnTo.startsWith('/console') ? pending.returnTo : '/console';
}

/** Forgets the tokens (they were only ever in memory). */
export function logout(): void {
  session = undefined;
  changed();
}
