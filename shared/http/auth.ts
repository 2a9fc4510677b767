import { isRole, type Principal, type Role } from '#shared/domain/access/roles';

/**
 * Claims as the HTTP API JWT authorizer passes them (`requestContext.authorizer.jwt.claims`). API Gateway renders
 * array claims such as `cognito:groups` as a string like "[a b]"; the local runtime passes real arrays. Both are
 * read here.
 */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

function groupsOf(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter((g) => g.length > 0);
}

const optional = (value: Claims[string]): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** The principal of a verified token, or undefined when the claims carry no subject. */
export function principalFromClaims(claims: Claims | undefined): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const roles = groupsOf(claims['cognito:groups']).filter(isRole) as Role[];
  const district = optional(claims['custom:district']);
  const street = optional(claims['custom:street']);
  const org = optional(claims['custom:org']);
  return {
    sub: claims.sub,
    username: optional(claims['cognito:username']) ?? claims.sub,
    roles,
    ...(district ? { district } : {}),
    ...(street ? { street } : {}),
    ...(org ? { org } : {}),
  };
}
