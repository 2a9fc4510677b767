import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { portalDir } from '#infra/paths';
import { prerenderedPages } from '#infra/stacks/portal-stack';
import { COGNITO_CLAIMS } from '#shared/http/claim-mapping';
import { type Synthesized, synthesize } from './synth';

/**
 * The portal (web/) deployed as static files (issue 17): a bucket nobody reads but the distribution, the security
 * headers and CSP the local runtime also sends, the app's page paths answered with index.html — in the global
 * partition with OAC, in the China regions with what CloudFront offers there.
 */
const portalOf = (built: Synthesized): Template => {
  const template = built.templates.portal;
  if (!template) throw new Error('no portal stack');
  return template;
};

/** The one resource of a type in a template (as `findResources` gives it: its properties untyped JSON). */
const only = (template: Template, type: string) => {
  const resources = Object.values(template.findResources(type));
  expect(resources, type).toHaveLength(1);
  return resources[0] as (typeof resources)[number];
};

/** The viewer-request function's code, run as CloudFront Functions would on one request path. */
function rewrite(template: Template, uri: string): string {
  const code = String(only(template, 'AWS::CloudFront::Function').Properties.FunctionCode);
  const handler = runInNewContext(`${code}; handler`) as (event: unknown) => { uri: string };
  return handler({ request: { uri, headers: {} } }).uri;
}

describe('the portal in the global partition (Cognito, no custom domain)', () => {
  let built: Synthesized;
  let portal: Template;
  beforeAll(() => {
    built = synthesize();
    portal = portalOf(built);
  });

  it('keeps the bucket private: every public access blocked, read only by this distribution through OAC', () => {
    const buckets = Object.values(portal.findResources('AWS::S3::Bucket'));
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    }
    only(portal, 'AWS::CloudFront::OriginAccessControl');
    const reads = Object.values(portal.findResources('AWS::S3::BucketPolicy'))
      .flatMap(
        (p) =>
          p.Properties.PolicyDocument.Statement as {
            Effect: string;
            Action: unknown;
            Principal: unknown;
            Condition: unknown;
          }[],
      )
      .filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Action).includes('s3:GetObject'));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    const source = JSON.stringify(reads[0]?.Condition);
    expect(source).toContain('AWS:SourceArn');
    expect(source).toContain('{"Ref":"AWS::Partition"}');
    expect(source).toContain(':distribution/');
  });

  it('sends the CSP and security headers with every answer', () => {
    const policy = only(portal, 'AWS::CloudFront::ResponseHeadersPolicy').Properties
      .ResponseHeadersPolicyConfig;
    const headers = policy.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    // Connections: the API, Cognito's endpoints and the reports bucket's presigned uploads, by the partition's suffix.
    expect(csp).toContain('Sgz-prod-Api:Export'); // the API's endpoint, imported from its stack
    expect(csp).toContain('cognito-idp.');
    expect(csp).toContain('.auth.');
    expect(csp).toContain('{"Ref":"AWS::URLSuffix"}');
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 31536000,
      Override: true,
    });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    const distribution = only(portal, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it("answers a public page with its own HTML, the app's other page paths with index.html, any other path with its file", () => {
    expect(prerenderedPages(portalDir)).toEqual([
      '/gs',
      '/gs/complaints',
      '/gs/funds',
      '/gs/publicity',
      '/gs/stations',
    ]);
    expect(rewrite(portal, '/gs')).toBe('/gs/index.html');
    expect(rewrite(portal, '/gs/')).toBe('/gs/index.html');
    expect(rewrite(portal, '/gs/publicity')).toBe('/gs/publicity/index.html');
    expect(rewrite(portal, '/gs/publicity/')).toBe('/gs/publicity/index.html');
    expect(rewrite(portal, '/gs/funds')).toBe('/gs/funds/index.html');
    expect(rewrite(portal, '/gs/no-such-page')).toBe('/index.html');
    expect(rewrite(portal, '/console')).toBe('/index.html');
    expect(rewrite(portal, '/console/reports/01JABC')).toBe('/index.html');
    expect(rewrite(portal, '/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js');
    expect(rewrite(portal, '/portal-config.json')).toBe('/portal-config.json');
    expect(rewrite(portal, '/gsx')).toBe('/gsx');
  });

  it("tells the portal the API, the user pool issuer and client, and the API's own claim names", () => {
    const config = Stack.of(built.portal as Stack).resolve(built.portal?.runtimeConfig);
    expect(JSON.stringify(config.apiUrl)).toContain('Sgz-prod-Api:Export');
    // The user pool's issuer (https:// and its ProviderURL) and its web client's id, exported by the stateful stack.
    expect(JSON.stringify(config.issuer)).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::ImportValue":"Sgz-prod-Stateful:Export.*ProviderURL/,
    );
    expect(JSON.stringify(config.clientId)).toContain('WebClient');
    expect(config.claims).toEqual({
      roles: COGNITO_CLAIMS.roles,
      district: COGNITO_CLAIMS.district,
      street: COGNITO_CLAIMS.street,
      org: COGNITO_CLAIMS.org,
    });
  });

  it("lets the user pool's web client sign in to the portal with the code flow, back to /console/callback", () => {
    const client = only(built.templates.stateful, 'AWS::Cognito::UserPoolClient').Properties;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.CallbackURLs).toEqual(['https://sgz.jinan.example/console/callback']);
    expect(client.GenerateSecret).toBe(false);
    expect(only(built.templates.stateful, 'AWS::Cognito::UserPoolDomain').Properties.Domain).toBe('sgz-prod');
  });

  it('deploys no portal with portal=false, and the web client keeps no OAuth flow', () => {
    const apiOnly = synthesize({ portal: 'false' });
    expect(apiOnly.portal).toBeUndefined();
    expect(
      only(apiOnly.templates.stateful, 'AWS::Cognito::UserPoolClient').Properties
        .AllowedOAuthFlowsUserPoolClient,
    ).toBe(false);
  });
});

describe('the portal in the AWS China regions', () => {
  const CHINA = {
    region: 'cn-north-1',
    identityIssuer: 'https://sso.example.cn/realms/sgz',
    identityAudience: 'sgz-api,sgz-portal',
    portalClientId: 'sgz-portal',
    portalDomain: 'sgz.jinan.gov.cn',
    portalCertificate: 'ASCAQEXAMPLE7CERTIFICATE',
  };
  let built: Synthesized;
  let portal: Template;
  beforeAll(() => {
    built = synthesize(CHINA);
    portal = portalOf(built);
  });

  it('uses only resource types CloudFront offers there: an OAI, no OAC, no function, no cache policy', () => {
    const types = Object.values(portal.toJSON().Resources as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );
    expect(types).toContain('AWS::CloudFront::CloudFrontOriginAccessIdentity');
    expect(types).not.toContain('AWS::CloudFront::OriginAccessControl');
    expect(types).not.toContain('AWS::CloudFront::Function');
    expect(types).not.toContain('AWS::CloudFront::ResponseHeadersPolicy');
    const distribution = only(portal, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.DefaultCacheBehavior.CachePolicyId).toBeUndefined();
    expect(distribution.DefaultCacheBehavior.ForwardedValues).toEqual({
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
    expect(distribution.CustomErrorResponses).toEqual(
      [403, 404].map((code) => ({
        ErrorCode: code,
        ResponseCode: 200,
        ResponsePagePath: '/index.html',
        ErrorCachingMinTTL: 0,
      })),
    );
  });

  it("stores each public page's HTML at its own path, as a page never cached, beside index.html for the rest", () => {
    const deployments = Object.values(portal.findResources('Custom::CDKBucketDeployment')).map(
      (d) => d.Properties,
    );
    const pages = deployments.filter(
      (d) => d.SystemMetadata?.['content-type'] === 'text/html; charset=utf-8',
    );
    expect(pages).toHaveLength(2);
    for (const d of pages) {
      expect(d.SystemMetadata['cache-control']).toBe('no-cache');
      expect(d.Prune).toBe(false);
      expect(d.DistributionPaths).toEqual(expect.arrayContaining(['/gs', '/gs/*']));
    }
    // Each page's object: the file the build wrote, under its path without an extension (the deployments' sources
    // as the assembly holds them, one folder per source).
    const objects = new Map<string, string>();
    for (const d of pages) {
      for (const key of d.SourceObjectKeys as string[]) {
        const folder = join(built.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
        for (const file of readdirSync(folder, { recursive: true, withFileTypes: true })) {
          if (!file.isFile()) continue;
          const path = relative(folder, join(file.parentPath, file.name));
          objects.set(path, readFileSync(join(folder, path), 'utf8'));
        }
      }
    }
    expect([...objects.keys()].sort()).toEqual([
      'gs',
      'gs/complaints',
      'gs/funds',
      'gs/publicity',
      'gs/stations',
    ]);
    expect(objects.get('gs/publicity')).toBe(
      readFileSync(join(portalDir, 'gs', 'publicity', 'index.html'), 'utf8'),
    );
    expect(objects.get('gs/publicity')).toContain('<h2 class="sgz-page-title">评估结果公示</h2>');
  });

  it('serves on the ICP-filed domain with the IAM certificate, TLS 1.2 at least', () => {
    const distribution = only(portal, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.Aliases).toEqual(['sgz.jinan.gov.cn']);
    expect(distribution.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAQEXAMPLE7CERTIFICATE',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(built.config.allowedOrigins).toEqual(['https://sgz.jinan.gov.cn']);
  });

  it('signs in at the configured issuer with the portal client', () => {
    const config = Stack.of(built.portal as Stack).resolve(built.portal?.runtimeConfig);
    expect(config.issuer).toBe(CHINA.identityIssuer);
    expect(config.clientId).toBe('sgz-portal');
  });

  it.each([
    [{ portalDomain: undefined, portalCertificate: undefined }, /ICP-filed domain/],
    [
      {
        portalCertificate:
          'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
      },
      /takes no ACM certificate/,
    ],
    [{ portalDomain: 'not a domain' }, /expected a host name/],
  ])('refuses %o', (change, message) => {
    expect(() => synthesize({ ...CHINA, ...change })).toThrow(message);
  });
});
