import {
  IDENTITY_ISSUER_ENV,
  IdentityProviderUnavailable,
  type OidcVerifier,
  TokenRefused,
  verifierFromEnv,
} from '#shared/adapters/identity/oidc-verifier';
import type { Principal, Role } from '#shared/domain/access/roles';
import { DomainError } from '#shared/domain/errors';
import { type ClaimMapping, claimAt, claimMappingFromEnv, rolesOf } from './claim-mapping';

/**
 * Claims of a verified token, as they reach a function: from the HTTP API JWT authorizer
 * (`requestContext.authorizer.jwt.claims`: top-level claims only, every value a string, arrays rendered as "[a b]")
 * or from the project's Lambda authorizer (`requestContext.authorizer.lambda.claims`: the token's own claims, as
 * JSON). Both are read here, and mapped to a principal by one function with the configured claim names.
 */
export type Claims = Readonly<Record<string, unknown>>;

interface AuthorizerContext {
  readonly jwt?: { readonly claims?: Claims };
  readonly lambda?: { readonly claims?: unknown };
}

/** The verified claims of a request, whichever authorizer verified them; undefined on a public route. */
export function claimsOfRequest(requestContext: unknown): Claims | undefined {
  const authorizer = (requestContext as { authorizer?: AuthorizerContext } | undefined)?.authorizer;
  if (authorizer?.jwt?.claims) return authorizer.jwt.claims;
  const passed = authorizer?.lambda?.claims;
  if (typeof passed === 'string') {
    try {
      const parsed: unknown = JSON.parse(passed);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Claims;
    } catch {}
    throw claimsInvalid('claims', '授权器传来的声明不是 JSON 对象');
  }
  return undefined;
}

let verifierOfEnv: OidcVerifier | undefined;

/**
 * The claims of the request's bearer token, verified here, by the route's own function, when no authorizer of
 * the gateway did (identity verifier `function`, the default: infra/identity-config.ts): with the issuer and
 * audience of the function's environment and the same verifier as the Lambda authorizer, its keys and verified
 * tokens kept for the container's life. A refusal is the caller's to read, in zh-CN, as every other error:
 * - no Authorization header, or not `Bearer <token>`: 401 UNAUTHENTICATED;
 * - an expired token: 401 TOKEN_EXPIRED; any other refusal (signature, issuer, audience, algorithm …): 401
 *   TOKEN_INVALID, naming the reason;
 * - the identity provider cannot be asked for its keys: 503 IDENTITY_PROVIDER_UNAVAILABLE, with Retry-After (the
 *   token may be good; nothing was done).
 * Undefined when the function has no issuer configured (a gateway authorizer verifies, or the route is public).
 */
export async function verifiedClaimsOfHeader(
  authorization: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Claims | undefined> {
  if (!env[IDENTITY_ISSUER_ENV]) return undefined;
  verifierOfEnv ??= verifierFromEnv(env);
  const token = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  if (!token) {
    throw new DomainError(
      'UNAUTHENTICATED',
      401,
      '未登录或登录已失效',
      authorization
        ? '请求头 Authorization 须为「Bearer <登录令牌>」，请重新登录后再试。'
        : '请求没有携带登录令牌（请求头 Authorization: Bearer <令牌>），请登录后再试。',
    );
  }
  try {
    return await verifierOfEnv.verify(token);
  } catch (error) {
    if (error instanceof TokenRefused) {
      if (error.reason === 'expired') {
        throw new DomainError('TOKEN_EXPIRED', 401, '登录已过期', '登录令牌已过期，请重新登录后再试。');
      }
      throw new DomainError('TOKEN_INVALID', 401, '登录令牌无效', `${error.message}。请重新登录后再试。`);
    }
    if (error instanceof IdentityProviderUnavailable) {
      throw new DomainError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        503,
        '身份认证平台暂时无法访问',
        '暂时无法取得身份认证平台的签名密钥以核验登录令牌，本次未作任何更改；请按 Retry-After 所示的秒数后重试。',
      );
    }
    throw error;
  }
}

/** Forget the verifier read from the environment (the local runtime sets the issuer before the first request). */
export const resetVerifier = (): void => {
  verifierOfEnv = undefined;
};

function valuesOf(value: unknown, claim: string): string[] {
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) throw claimsInvalid(claim, '须为字符串数组');
    return value;
  }
  if (typeof value !== 'string') throw claimsInvalid(claim, '须为字符串数组或以空格、逗号分隔的字符串');
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter((g) => g.length > 0);
}

/** What each scope claim must look like; a value of another shape is a misconfigured provider, never ignored. */
const SCOPE_FORMATS = {
  district: { pattern: /^\d{6}$/, what: '区县代码', rule: '6 位数字（GB/T 2260）' },
  street: { pattern: /^\d{9}(\d{3})?$/, what: '街道/镇代码', rule: '9 位或 12 位数字（统计用区划代码）' },
  org: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
    what: '机构标识',
    rule: '1–64 位字母、数字或 . _ : -',
  },
} as const;
type ScopeClaim = keyof typeof SCOPE_FORMATS;

/** The scope claim each role acts within (REQUIREMENTS "Roles"); the city's roles need none. */
const SCOPE_OF_ROLE: Readonly<Record<Role, ScopeClaim | undefined>> = {
  city_civil_affairs: undefined,
  city_finance: undefined,
  district_civil_affairs: 'district',
  district_finance: 'district',
  auditor: 'district',
  street_office: 'street',
  operator: 'org',
  third_party: 'org',
  department: 'org',
};

const claimsInvalid = (claim: string, rule: string): DomainError =>
  new DomainError(
    'TOKEN_CLAIMS_INVALID',
    401,
    '登录令牌的身份声明格式不正确',
    `声明 ${claim} ${rule}。请联系身份认证平台的管理员检查声明映射。`,
  );

/**
 * The principal of a verified token, mapped with the configured claim names. Refused, never downgraded:
 * - no subject, or a mapped claim of the wrong shape (a district code that is not 6 digits …): 401
 *   TOKEN_CLAIMS_INVALID, naming the claim;
 * - no role the system knows: 403 ROLE_CLAIM_MISSING;
 * - a role without the scope it acts within (a district bureau without its district code): 403
 *   SCOPE_CLAIM_MISSING — the user is not treated as having any lesser role or a wider scope.
 */
export function principalFromClaims(claims: Claims, mapping: ClaimMapping = defaultMapping()): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw claimsInvalid('sub', '缺失或为空');
  // The verifier checked expiry when the token arrived; an authorizer's cached answer may outlive it (real time,
  // not the application clock, which tests move).
  if (claims.exp !== undefined) {
    const exp = Number(claims.exp);
    if (!Number.isFinite(exp) || exp * 1000 <= Date.now()) {
      throw new DomainError('TOKEN_EXPIRED', 401, '登录已过期', '登录令牌已过期，请重新登录后再试。');
    }
  }

  const rawRoles = claimAt(claims, mapping.roles);
  const roles = rawRoles === undefined ? [] : rolesOf(valuesOf(rawRoles, mapping.roles), mapping);
  if (roles.length === 0) {
    throw new DomainError(
      'ROLE_CLAIM_MISSING',
      403,
      '登录令牌中没有本系统的角色',
      `声明 ${mapping.roles} 中没有本系统认可的角色。请联系管理员在身份认证平台为该账号分配角色。`,
    );
  }

  const scope: Partial<Record<ScopeClaim, string>> = {};
  for (const key of Object.keys(SCOPE_FORMATS) as ScopeClaim[]) {
    const value = claimAt(claims, mapping[key]);
    if (value === undefined || value === null || value === '') continue;
    const format = SCOPE_FORMATS[key];
    if (typeof value !== 'string' || !format.pattern.test(value)) {
      throw claimsInvalid(mapping[key], `（${format.what}）须为${format.rule}`);
    }
    scope[key] = value;
  }
  for (const role of roles) {
    const needs = SCOPE_OF_ROLE[role];
    if (needs && scope[needs] === undefined) {
      throw new DomainError(
        'SCOPE_CLAIM_MISSING',
        403,
        '登录令牌缺少管辖范围',
        `角色 ${role} 须在声明 ${mapping[needs]} 中携带${SCOPE_FORMATS[needs].what}。请联系管理员在身份认证平台补充。`,
      );
    }
  }
  // A street office acts within its street's district too: the street code's first six digits.
  if (scope.street) {
    const ofStreet = scope.street.slice(0, 6);
    if (scope.district !== undefined && scope.district !== ofStreet) {
      throw claimsInvalid(
        mapping.district,
        `（区县代码 ${scope.district}）与街道/镇代码 ${scope.street} 不属同一区县`,
      );
    }
    scope.district = ofStreet;
  }

  const username = claimAt(claims, mapping.username);
  return {
    sub,
    username: typeof username === 'string' && username.length > 0 ? username : sub,
    roles,
    ...scope,
  };
}

let mappingOfEnv: ClaimMapping | undefined;
/** The mapping of this function's environment, read once per container. */
const defaultMapping = (): ClaimMapping => {
  mappingOfEnv ??= claimMappingFromEnv();
  return mappingOfEnv;
};
/** Forget the mapping read from the environment (the local runtime and tests set it before the first request). */
export const resetClaimMapping = (): void => {
  mappingOfEnv = undefined;
};
