/**
 * The ID token's claims in the console's terms, and what `/portal-config.json` says about them. No DOM here: the
 * tests read it in Node.
 */
export interface Claims {
  readonly sub: string;
  readonly name?: string;
  readonly preferred_username?: string;
  readonly groups?: string[];
  readonly district_code?: string;
  readonly street_code?: string;
  readonly org_id?: string;
  readonly exp?: number;
}

/** What the server tells the portal at `/portal-config.json` (infra/local/portal.ts, infra/stacks/portal-stack.ts). */
export interface PortalConfig {
  /** The API's base URL when it is not this page's origin (a deployment: API Gateway beside CloudFront). */
  readonly apiUrl?: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
  /** Which ID token claims hold the role(s) and the scope: the API's own mapping (`IDENTITY_CLAIMS`). */
  readonly claims?: {
    readonly roles: string;
    readonly district: string;
    readonly street: string;
    readonly org: string;
  };
  /** The provider's role values → the system's roles, when they differ. */
  readonly roleValues?: Readonly<Record<string, string>>;
}

/** The names of the local provider and of any provider configured with the defaults (shared/http/claim-mapping.ts). */
const DEFAULT_CLAIMS = { roles: 'groups', district: 'district_code', street: 'street_code', org: 'org_id' };

/** A claim by name, or by a dotted path into nested claims (`realm_access.roles`), as the API reads it. */
const claimAt = (claims: Record<string, unknown>, name: string): unknown =>
  name in claims
    ? claims[name]
    : name.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], claims);

/**
 * The token's claims in the console's terms (`groups`, `district_code` …) through the API's own mapping: the
 * console shows a role what the API will treat it as, whatever the provider calls its claims. The API still decides.
 */
export function normalize(raw: Record<string, unknown>, portal: PortalConfig): Claims {
  const names = portal.claims ?? DEFAULT_CLAIMS;
  const rolesRaw = claimAt(raw, names.roles);
  const values = Array.isArray(rolesRaw)
    ? rolesRaw.map(String)
    : typeof rolesRaw === 'string'
      ? rolesRaw.split(/[\s,]+/).filter(Boolean)
      : [];
  const groups = values
    .map((v) => (portal.roleValues ? portal.roleValues[v] : v))
    .filter((v): v is string => typeof v === 'string');
  const text = (name: string) => {
    const v = claimAt(raw, name);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const district = text(names.district);
  const street = text(names.street);
  const org = text(names.org);
  return {
    ...(raw as unknown as Claims),
    groups,
    ...(district ? { district_code: district } : {}),
    ...(street ? { street_code: street } : {}),
    ...(org ? { org_id: org } : {}),
  };
}
