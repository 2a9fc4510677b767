import * as z from 'zod';
import { isRole, ROLES, type Role } from '#shared/domain/access/roles';

/**
 * Which claim of a verified ID token holds what the access check needs. Identity providers name them differently
 * (Cognito `cognito:groups` and `custom:district`; a Keycloak realm `groups` or `realm_access.roles` and whatever
 * mapper the bureau configured; a province's unified identity platform its own names), so the names are
 * configuration (CDK context `claimRoles`, `claimDistrict` … → the functions' `IDENTITY_CLAIMS`), never code.
 *
 * A name is a claim name, or a dotted path into nested claims (`realm_access.roles`) where the verifier hands the
 * function the token's own claims (the Lambda authorizer and the local runtime); API Gateway's JWT authorizer
 * passes only top-level claims, rendered as strings, so infra/identity-config.ts refuses a path there.
 */
export interface ClaimMapping {
  /** The login name recorded in audit records; the subject when the claim is absent. */
  readonly username: string;
  /** The role(s): an array of strings, or one string of values separated by spaces or commas. */
  readonly roles: string;
  /** 区县 code (GB/T 2260, 6 digits) of district-scoped roles. */
  readonly district: string;
  /** 街道/镇 code (统计用区划代码, 9 or 12 digits) of a street office. */
  readonly street: string;
  /** Organisation id of an operator, third party or department. */
  readonly org: string;
  /**
   * The provider's role values → the system's roles (`{"/sgz/区民政": "district_civil_affairs"}`). Values not listed
   * are other groups of the user and are ignored. Without it, a value counts when it is a role id itself.
   */
  readonly roleValues?: Readonly<Record<string, Role>>;
}

/** The claims of a Cognito user pool ID token (the default deployment in the global partition). */
export const COGNITO_CLAIMS: ClaimMapping = {
  username: 'cognito:username',
  roles: 'cognito:groups',
  district: 'custom:district',
  street: 'custom:street',
  org: 'custom:org',
};

/** The default names for any other OIDC provider (and those the local runtime's provider issues). */
export const OIDC_CLAIMS: ClaimMapping = {
  username: 'preferred_username',
  roles: 'groups',
  district: 'district_code',
  street: 'street_code',
  org: 'org_id',
};

/** Where the functions read the mapping (JSON), set by the CDK app on every HTTP function and by `npm start`. */
export const IDENTITY_CLAIMS_ENV = 'IDENTITY_CLAIMS';

const claimName = z
  .string()
  .regex(/^[A-Za-z0-9_:\-/.]{1,128}$/, '声明名只能含字母、数字和 _ : - / .')
  .refine((name) => !name.split('.').includes(''), '声明路径不能有空段');

export const claimMappingSchema = z.strictObject({
  username: claimName,
  roles: claimName,
  district: claimName,
  street: claimName,
  org: claimName,
  roleValues: z
    .record(z.string().min(1).max(256), z.enum(ROLES, { error: `须为系统角色之一：${ROLES.join('、')}` }))
    .optional(),
});

/** The mapping of the environment, or Cognito's when none is set; a malformed one fails loudly at cold start. */
export function claimMappingFromEnv(env: NodeJS.ProcessEnv = process.env): ClaimMapping {
  const raw = env[IDENTITY_CLAIMS_ENV];
  if (!raw) return COGNITO_CLAIMS;
  const parsed = claimMappingSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(`${IDENTITY_CLAIMS_ENV}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return parsed.data as ClaimMapping;
}

/** The value at a claim name, or at a dotted path when no claim has the whole name (`realm_access.roles`). */
export function claimAt(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const segment of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** The system roles among a provider's role values. */
export function rolesOf(values: readonly string[], mapping: ClaimMapping): Role[] {
  const roles = values.flatMap((value) => {
    const mapped = mapping.roleValues
      ? Object.hasOwn(mapping.roleValues, value)
        ? mapping.roleValues[value]
        : undefined
      : isRole(value)
        ? value
        : undefined;
    return mapped ? [mapped] : [];
  });
  return [...new Set(roles)];
}
