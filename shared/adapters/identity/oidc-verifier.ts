import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/**
 * Verification of the ID tokens of any standards-compliant OpenID Connect provider (Keycloak, a province's unified
 * identity platform, Cognito, the local runtime's provider): the one piece of code behind the project's Lambda
 * authorizer (functions/auth/authorizer.handler.ts) and the local runtime's gateway, so what is tested locally is
 * what runs in the China regions.
 *
 * 1. Discovery: `<issuer>/.well-known/openid-configuration` is read once per container; its `issuer` must be the
 *    configured one exactly (OpenID Connect Discovery §4.3) and its `jwks_uri` names the keys.
 * 2. Keys: the JWKS is fetched and cached across invocations; a token signed with a `kid` the cache does not hold
 *    makes one refetch (at most once per cooldown), so keys rotated by the provider are picked up without a
 *    redeploy, and a token with a kid the provider does not publish is refused.
 * 3. The token: signature by RS256 or ES256 only (never `none`, never HMAC: a public key used as an HMAC secret is
 *    refused before any key is looked up), `iss` equal to the issuer, `aud` one of the configured client ids, `exp`
 *    in the future and `nbf` (when present) in the past (no clock tolerance unless configured); `sub` and `exp` required.
 * 4. A verified token is remembered until it expires (expiry and not-before are still checked on every use), as
 *    API Gateway caches the authorizer's answer.
 */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;

export interface VerifierOptions {
  /** The issuer exactly as the provider writes it in `iss` (and in its discovery document). */
  readonly issuer: string;
  /** The client ids a token may be issued to (`aud`). */
  readonly audience: readonly string[];
  /** Clock skew tolerated on `exp`/`nbf`, in seconds (default 0, as API Gateway's JWT authorizer). */
  readonly clockToleranceSeconds?: number;
  /** How long a discovery or JWKS request may take (default 3 s; the authorizer has 10 s in all). */
  readonly fetchTimeoutMs?: number;
  /** Least time between two JWKS refetches caused by unknown key ids (default 30 s). */
  readonly jwksCooldownMs?: number;
  /** How long fetched keys are trusted before they are fetched again (default 10 min). */
  readonly jwksMaxAgeMs?: number;
}

/** Why a token was refused: stable codes for logs and tests. */
export type Refusal =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'unknown_key'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  | 'claims';

const REFUSAL_TEXT: Readonly<Record<Refusal, string>> = {
  missing: '请求没有携带登录令牌',
  malformed: '登录令牌格式不正确',
  algorithm: '登录令牌的签名算法不被接受（只接受 RS256、ES256）',
  signature: '登录令牌的签名无效',
  unknown_key: '登录令牌的签名密钥不是身份认证平台公布的密钥',
  issuer: '登录令牌不是本系统信任的身份认证平台签发的',
  audience: '登录令牌不是签发给本系统的',
  expired: '登录令牌已过期，请重新登录',
  not_yet_valid: '登录令牌尚未生效',
  claims: '登录令牌缺少必需的声明',
};

/** The token is not acceptable; the request is refused (401 from the JWT authorizer, 403 from a Lambda one). */
export class TokenRefused extends Error {
  constructor(
    readonly reason: Refusal,
    detail?: string,
  ) {
    super(detail ? `${REFUSAL_TEXT[reason]}：${detail}` : REFUSAL_TEXT[reason]);
    this.name = 'TokenRefused';
  }
}

/**
 * The provider could not be asked (discovery or JWKS unreachable, slow or malformed): not the caller's fault, and
 * never cached as a refusal. The authorizer fails (API Gateway answers 500) and the next request asks again.
 */
export class IdentityProviderUnavailable extends Error {
  constructor(issuer: string, cause: unknown) {
    super(
      `身份认证平台 ${issuer} 无法访问：${cause instanceof Error ? cause.message : String(cause)}`,
      cause instanceof Error ? { cause } : undefined,
    );
    this.name = 'IdentityProviderUnavailable';
  }
}

export interface OidcVerifier {
  readonly issuer: string;
  /** The token's claims once every check above passed; TokenRefused or IdentityProviderUnavailable otherwise. */
  verify(token: string | undefined): Promise<JWTPayload>;
}

interface Discovered {
  readonly jwks: JWTVerifyGetKey;
}

const MAX_REMEMBERED = 10_000;

export function oidcVerifier(options: VerifierOptions): OidcVerifier {
  const { issuer } = options;
  const audience = [...options.audience];
  if (audience.length === 0) throw new Error('oidcVerifier: at least one audience (client id) is required');
  const timeout = options.fetchTimeoutMs ?? 3_000;
  let discovered: Promise<Discovered> | undefined;
  const remembered = new Map<string, JWTPayload>();

  const discover = async (): Promise<Discovered> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'error' });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      document = (await res.json()) as typeof document;
    } catch (error) {
      throw new IdentityProviderUnavailable(issuer, error);
    }
    if (document.issuer !== issuer) {
      throw new IdentityProviderUnavailable(
        issuer,
        new Error(`the discovery document names issuer ${String(document.issuer)}`),
      );
    }
    if (typeof document.jwks_uri !== 'string') {
      throw new IdentityProviderUnavailable(issuer, new Error('the discovery document has no jwks_uri'));
    }
    return {
      jwks: createRemoteJWKSet(new URL(document.jwks_uri), {
        timeoutDuration: timeout,
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        cacheMaxAge: options.jwksMaxAgeMs ?? 600_000,
      }),
    };
  };

  const keys = (): Promise<Discovered> => {
    // A failed discovery is not kept: the next request tries again.
    discovered ??= discover().catch((error) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };

  return {
    issuer,
    verify: async (token) => {
      if (!token) throw new TokenRefused('missing');
      const seconds = Math.floor(Date.now() / 1000);
      const hit = remembered.get(token);
      if (hit) {
        if ((hit.exp ?? 0) <= seconds) {
          remembered.delete(token);
          throw new TokenRefused('expired');
        }
        if ((hit.nbf ?? 0) > seconds) throw new TokenRefused('not_yet_valid');
        return hit;
      }
      const { jwks } = await keys();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer,
          audience,
          algorithms: [...ACCEPTED_ALGORITHMS],
          clockTolerance: options.clockToleranceSeconds ?? 0,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        throw refusalOf(error, issuer);
      }
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(token, payload);
      return payload;
    },
  };
}

/** jose's error as the reason a person can act on. */
function refusalOf(error: unknown, issuer: string): Error {
  if (error instanceof errors.JWTExpired) return new TokenRefused('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new TokenRefused('issuer');
    if (error.claim === 'aud') return new TokenRefused('audience');
    if (error.claim === 'nbf') return new TokenRefused('not_yet_valid');
    return new TokenRefused('claims', error.claim);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return new TokenRefused('algorithm');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRefused('signature');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return new TokenRefused('unknown_key');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new IdentityProviderUnavailable(issuer, error);
  if (error instanceof errors.JOSEError) return new TokenRefused('malformed');
  // A network failure while fetching the keys (fetch's TypeError, an abort).
  return new IdentityProviderUnavailable(issuer, error);
}

/** Where the authorizer and the local gateway read the verifier's settings. */
export const IDENTITY_ISSUER_ENV = 'IDENTITY_ISSUER';
export const IDENTITY_AUDIENCE_ENV = 'IDENTITY_AUDIENCE';
/** Least seconds between two JWKS refetches for unknown key ids (default 30). */
export const IDENTITY_JWKS_COOLDOWN_ENV = 'IDENTITY_JWKS_COOLDOWN_SECONDS';

/**
 * The verifier of this container's environment (`IDENTITY_ISSUER`, `IDENTITY_AUDIENCE` comma-separated,
 * optionally `IDENTITY_JWKS_COOLDOWN_SECONDS`).
 */
export function verifierFromEnv(env: NodeJS.ProcessEnv = process.env): OidcVerifier {
  const issuer = env[IDENTITY_ISSUER_ENV];
  const audience = (env[IDENTITY_AUDIENCE_ENV] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (!issuer || audience.length === 0) {
    throw new Error(`${IDENTITY_ISSUER_ENV} and ${IDENTITY_AUDIENCE_ENV} must be set`);
  }
  const cooldown = env[IDENTITY_JWKS_COOLDOWN_ENV];
  return oidcVerifier({
    issuer,
    audience,
    ...(cooldown !== undefined && Number.isFinite(Number(cooldown))
      ? { jwksCooldownMs: Number(cooldown) * 1000 }
      : {}),
  });
}
