/**
 * Where and how the portal (web/) is served in AWS (infra/stacks/portal-stack.ts), from CDK context — the same
 * code in either partition:
 *
 * - global partition: a private S3 bucket behind CloudFront with origin access control (OAC), a response headers
 *   policy (CSP, HSTS, nosniff, frame DENY, no referrer) and a CloudFront Function sending the app's page paths
 *   (`/gs/…`, `/console/…`) to index.html. `portalDomain` and `portalCertificate` (an ACM certificate ARN in
 *   us-east-1) are optional: without them the portal is served at its `*.cloudfront.net` address.
 * - AWS China regions: CloudFront there serves only on an ICP-filed alternate domain with a certificate from the IAM
 *   certificate store (no ACM), and does not take `AWS::CloudFront::OriginAccessControl`, cache policies or (as far
 *   as documented) CloudFront Functions: `portalDomain` and `portalCertificate` (the IAM server certificate id,
 *   `ASCA…`) are required, the bucket is read through an origin access identity (OAI), caching uses the legacy
 *   settings, and page paths reach index.html through the distribution's error responses. The response headers
 *   policy is added only with `-c portalHeadersPolicy=true`, once the account shows it offers them
 *   (docs/deployment.md).
 *
 * `-c portal=false` deploys no portal (the API alone).
 */
export interface PortalConfig {
  /** The alternate domain name (`sgz.jinan.gov.cn`), or absent: the distribution's own address. */
  readonly domain?: string;
  /** ACM certificate ARN (global, in us-east-1) or IAM server certificate id (China) for `domain`. */
  readonly certificate?: string;
  /** The OIDC client the portal signs in with (an OIDC issuer's public client; by default its first audience). */
  readonly clientId?: string;
  /** Whether CloudFront adds the security headers through a response headers policy. */
  readonly headersPolicy: boolean;
  /** The partition's variant: OAC, a CloudFront Function and cache policies (global), or what China offers. */
  readonly variant: 'global' | 'china';
}

export type PortalContextKey =
  | 'portal'
  | 'portalDomain'
  | 'portalCertificate'
  | 'portalClientId'
  | 'portalHeadersPolicy';

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const ACM_ARN = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
const IAM_CERTIFICATE_ID = /^ASCA[A-Z0-9]{10,}$/;

const flag = (key: PortalContextKey, raw: string | undefined, fallback: boolean): boolean => {
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`context ${key}=${raw}: expected true or false`);
};

/** The portal's settings (undefined with `-c portal=false`), checked at synthesis. */
export function portalConfig(
  read: (key: PortalContextKey) => string | undefined,
  region: string | undefined,
  china: boolean,
): PortalConfig | undefined {
  if (!flag('portal', read('portal'), true)) return undefined;
  const domain = read('portalDomain')?.trim().toLowerCase();
  const certificate = read('portalCertificate')?.trim();
  const clientId = read('portalClientId')?.trim();
  if (domain !== undefined && !DOMAIN.test(domain))
    throw new Error(`context portalDomain=${domain}: expected a host name such as sgz.jinan.gov.cn`);
  if ((domain === undefined) !== (certificate === undefined))
    throw new Error(
      'context portalDomain and portalCertificate go together (the certificate is for that name)',
    );
  if (china) {
    if (domain === undefined)
      throw new Error(
        `CloudFront in ${region} (AWS China) serves only on an ICP-filed domain with a certificate from the IAM certificate store: set -c portalDomain=<ICP-filed host name> -c portalCertificate=<IAM server certificate id, ASCA…>, or -c portal=false`,
      );
    if (certificate !== undefined && !IAM_CERTIFICATE_ID.test(certificate))
      throw new Error(
        `context portalCertificate=${certificate}: in ${region} (AWS China) CloudFront takes no ACM certificate; give the IAM server certificate id (ASCA…) of the certificate uploaded with aws iam upload-server-certificate --path /cloudfront/`,
      );
  } else if (certificate !== undefined && !ACM_ARN.test(certificate)) {
    throw new Error(
      `context portalCertificate=${certificate}: expected the ARN of an ACM certificate in us-east-1 (CloudFront's region for certificates)`,
    );
  }
  return {
    ...(domain ? { domain } : {}),
    ...(certificate ? { certificate } : {}),
    ...(clientId ? { clientId } : {}),
    headersPolicy: flag('portalHeadersPolicy', read('portalHeadersPolicy'), !china),
    variant: china ? 'china' : 'global',
  };
}
