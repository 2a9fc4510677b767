import {
  type ClaimMapping,
  COGNITO_CLAIMS,
  claimMappingSchema,
  OIDC_CLAIMS,
} from '#shared/http/claim-mapping';

/**
 * Who signs the users in, and how the API verifies their tokens — by configuration, the same code in either
 * partition:
 *
 * - `cognito` (the default in the global partition when no issuer is given): the stateful stack's user pool; claims
 *   `cognito:groups`, `custom:district` … ({@link COGNITO_CLAIMS}).
 * - `oidc` (`-c identityIssuer=https://… -c identityAudience=client-a,client-b`): any standards-compliant OpenID
 *   Connect provider (the province's unified identity platform, a bureau's Keycloak); no Cognito resource is
 *   synthesized.
 *
 * Who verifies the ID token (`identityVerifier`):
 * - `function` (the default, in both partitions and for either kind): each route's function, with the project's
 *   verifier (shared/adapters/identity/oidc-verifier.ts) and the issuer and audience in its environment; the API has
 *   no authorizer. A missing, expired or refused token is then a 401 problem+json in zh-CN with a stable code, as
 *   every other error of the API — API Gateway's HTTP API cannot change the English bodies of its authorizers'
 *   refusals.
 * - `jwt`: API Gateway's JWT authorizer (refusals are its `{"message":"Unauthorized"}`).
 * - `lambda` (`oidc` only): the project's Lambda authorizer (functions/auth/authorizer.handler.ts), whose answer
 *   API Gateway caches for `identityCacheSeconds` (refusals are its `{"message":"Forbidden"}`).
 *
 * The claims that carry the role and the scope are named by `claimUsername`, `claimRoles`, `claimDistrict`,
 * `claimStreet`, `claimOrg` (defaults {@link OIDC_CLAIMS}) and `claimRoleValues` (JSON: the provider's group or role
 * values → the system's roles), handed to every route function as `IDENTITY_CLAIMS`.
 */
export type IdentityConfig =
  | {
      readonly kind: 'cognito';
      readonly verifier: 'function' | 'jwt';
      readonly claims: ClaimMapping;
    }
  | {
      readonly kind: 'oidc';
      readonly issuer: string;
      readonly audience: readonly string[];
      readonly verifier: 'function' | 'jwt' | 'lambda';
      /** How long API Gateway reuses the Lambda authorizer's answer for one Authorization header (0–3600 s). */
      readonly cacheSeconds: number;
      readonly claims: ClaimMapping;
    };

export type IdentityContextKey =
  | 'identityIssuer'
  | 'identityAudience'
  | 'identityVerifier'
  | 'identityCacheSeconds'
  | 'claimUsername'
  | 'claimRoles'
  | 'claimDistrict'
  | 'claimStreet'
  | 'claimOrg'
  | 'claimRoleValues';

/** The default result cache of the Lambda authorizer: a token is verified once per 5 minutes and header. */
export const DEFAULT_AUTHORIZER_CACHE_SECONDS = 300;

/**
 * The identity settings from CDK context (`read` returns a key's value, undefined when absent). Everything is
 * checked at synthesis, so a deployment never starts with an issuer API Gateway would refuse or a claim mapping the
 * functions would fail on. `china`: the target region is in the AWS China partition (infra/config.ts
 * `isChinaRegion`, the one place that decides it).
 */
export function identityConfig(
  read: (key: IdentityContextKey) => string | undefined,
  region: string | undefined,
  china: boolean,
): IdentityConfig {
  const issuer = read('identityIssuer')?.trim();
  const audienceRaw = read('identityAudience');
  const verifierRaw = read('identityVerifier')?.trim().toLowerCase();
  const cacheRaw = read('identityCacheSeconds');

  if (issuer === undefined) {
    for (const key of ['identityAudience', 'identityCacheSeconds'] as const) {
      if (read(key) !== undefined)
        throw new Error(`context ${key} needs identityIssuer (the OIDC issuer URL)`);
    }
    if (china) {
      throw new Error(
        `Amazon Cognito user pools are not offered in ${region} (AWS China): set -c identityIssuer=<https URL of the OIDC issuer> -c identityAudience=<client id>`,
      );
    }
    const verifier = verifierRaw ?? 'function';
    if (verifier !== 'function' && verifier !== 'jwt') {
      throw new Error(
        `context identityVerifier=${verifierRaw}: expected function or jwt with the Cognito user pool (lambda needs identityIssuer)`,
      );
    }
    return { kind: 'cognito', verifier, claims: claimMapping(read, COGNITO_CLAIMS, verifier) };
  }

  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`context identityIssuer=${issuer}: not a URL`);
  }
  if (url.protocol !== 'https:' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new Error(
      `context identityIssuer=${issuer}: expected an https URL without query, fragment or credentials (OpenID Connect Discovery §2)`,
    );
  }
  const audience = (audienceRaw ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (audience.length === 0) {
    throw new Error(
      'context identityAudience: the client id(s) the tokens are issued to (comma-separated) are required with identityIssuer',
    );
  }
  for (const a of audience) {
    if (a.length > 256 || /[\s"]/.test(a))
      throw new Error(`context identityAudience: ${a} is not a client id`);
  }
  const verifier = verifierRaw ?? 'function';
  if (verifier !== 'function' && verifier !== 'jwt' && verifier !== 'lambda') {
    throw new Error(`context identityVerifier=${verifierRaw}: expected function, jwt or lambda`);
  }
  const cacheSeconds = cacheRaw === undefined ? DEFAULT_AUTHORIZER_CACHE_SECONDS : Number(cacheRaw);
  if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0 || cacheSeconds > 3600) {
    throw new Error(
      `context identityCacheSeconds=${cacheRaw}: expected a whole number of seconds, 0 to 3600`,
    );
  }
  if (cacheRaw !== undefined && verifier !== 'lambda') {
    throw new Error('context identityCacheSeconds applies to identityVerifier=lambda only');
  }
  return {
    kind: 'oidc',
    issuer,
    audience,
    verifier,
    cacheSeconds,
    claims: claimMapping(read, OIDC_CLAIMS, verifier),
  };
}

function claimMapping(
  read: (key: IdentityContextKey) => string | undefined,
  defaults: ClaimMapping,
  verifier: IdentityConfig['verifier'],
): ClaimMapping {
  let roleValues: unknown;
  const rawRoleValues = read('claimRoleValues');
  if (rawRoleValues !== undefined) {
    try {
      roleValues = JSON.parse(rawRoleValues);
    } catch {
      throw new Error(`context claimRoleValues: not JSON (expected {"<provider value>": "<role>", …})`);
    }
  }
  const candidate = {
    username: read('claimUsername')?.trim() ?? defaults.username,
    roles: read('claimRoles')?.trim() ?? defaults.roles,
    district: read('claimDistrict')?.trim() ?? defaults.district,
    street: read('claimStreet')?.trim() ?? defaults.street,
    org: read('claimOrg')?.trim() ?? defaults.org,
    ...(roleValues !== undefined
      ? { roleValues }
      : defaults.roleValues
        ? { roleValues: defaults.roleValues }
        : {}),
  };
  const parsed = claimMappingSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new Error(
      `context claim mapping: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const mapping = parsed.data as ClaimMapping;
  if (verifier === 'jwt') {
    // API Gateway's JWT authorizer hands the function top-level claims only, as strings.
    for (const key of ['username', 'roles', 'district', 'street', 'org'] as const) {
      if (mapping[key].includes('.') && !Object.values(defaults).includes(mapping[key])) {
        throw new Error(
          `context claim${key.charAt(0).toUpperCase()}${key.slice(1)}=${mapping[key]}: a nested claim path needs identityVerifier=function or lambda (API Gateway's JWT authorizer passes top-level claims only)`,
        );
      }
    }
  }
  return mapping;
}
