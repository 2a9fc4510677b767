import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '#infra/paths';
import { type RouteDefinition, routes } from '#shared/manifest';

/**
 * The CDK CLI itself, as an operator runs it, once per partition (issue 16):
 *
 *   CDK_DEFAULT_ACCOUNT=123456789012 CDK_DEFAULT_REGION=cn-northwest-1 npx cdk synth \
 *     -c identityIssuer=https://sso.example.cn/realms/sgz -c identityAudience=sgz-portal \
 *     -c portalDomain=sgz.jinan.gov.cn -c portalCertificate=ASCA…
 *
 * (with AWS_REGION=cn-northwest-1: the CLI hands the app the region it deploys to, from AWS_REGION or the
 * profile, whatever CDK_DEFAULT_REGION the shell had),
 * and the same without the region and the identity keys. `--exclusively Sgz-prod-Stateful` only keeps the CLI from
 * bundling the 120 functions with esbuild (2½ minutes; test/integration/bundles.test.ts builds real bundles): the
 * app is built whole, every stack's template is written and cdk-nag checks all of them, failing the synth on any
 * unacknowledged finding.
 */
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

function synth(env: Record<string, string>, context: Record<string, string>) {
  const out = mkdtempSync(join(tmpdir(), 'sgz-synth-'));
  // The CLI takes the region from AWS_REGION when CDK_DEFAULT_REGION is unset (the tests run with cn-north-1).
  const {
    CDK_DEFAULT_REGION: _region,
    CDK_DEFAULT_ACCOUNT: _account,
    AWS_REGION: _awsRegion,
    AWS_DEFAULT_REGION: _awsDefaultRegion,
    ...inherited
  } = process.env;
  const result = spawnSync(
    'npx',
    [
      'cdk',
      'synth',
      '--exclusively',
      'Sgz-prod-Stateful',
      '--quiet',
      '-o',
      out,
      ...Object.entries(context).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    { cwd: repoRoot, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 240_000 },
  );
  const resources: Resource[] = readdirSync(out)
    .filter((file) => file.endsWith('.template.json'))
    .flatMap((file) =>
      Object.values(
        (JSON.parse(readFileSync(join(out, file), 'utf8')) as { Resources: Record<string, Resource> })
          .Resources,
      ),
    );
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, out, resources };
}

const protectedRoutes = (Object.values(routes) as RouteDefinition[]).filter((r) => r.access !== 'public');
const routeResources = (resources: readonly Resource[]) =>
  new Map(
    resources
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => [String(r.Properties?.RouteKey), r.Properties ?? {}] as const),
  );
const iamActions = (resources: readonly Resource[]): string[] =>
  resources
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r) =>
      (
        (r.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: { Action: string | string[] }[] }
      ).Statement.flatMap((s) => ([] as string[]).concat(s.Action)),
    );

describe('npx cdk synth for the China partition (cn-northwest-1, an OIDC issuer)', () => {
  let china: ReturnType<typeof synth>;
  beforeAll(() => {
    // The CLI sets the app's CDK_DEFAULT_REGION to the region it deploys to (AWS_REGION or the profile's), as a
    // China account's shell has it.
    china = synth(
      {
        CDK_DEFAULT_ACCOUNT: '123456789012',
        CDK_DEFAULT_REGION: 'cn-northwest-1',
        AWS_REGION: 'cn-northwest-1',
      },
      {
        identityIssuer: 'https://sso.example.cn/realms/sgz',
        identityAudience: 'sgz-portal',
        portalDomain: 'sgz.jinan.gov.cn',
        portalCertificate: 'ASCAQEXAMPLE7CERTIFICATE',
      },
    );
  }, 300_000);
  afterAll(() => rmSync(china.out, { recursive: true, force: true }));

  it('succeeds with cdk-nag clean', () => {
    expect(china.output).not.toMatch(/AwsSolutions-[A-Z0-9]+\]/);
    expect(china.status, china.output).toBe(0);
  });

  it('serves the portal through an origin access identity, with no resource type China lacks', () => {
    const types = china.resources.map((r) => r.Type);
    expect(types).toContain('AWS::CloudFront::CloudFrontOriginAccessIdentity');
    expect(types).not.toContain('AWS::CloudFront::OriginAccessControl');
    expect(types).not.toContain('AWS::CloudFront::Function');
  });

  it('has no Cognito resource and no SES permission', () => {
    expect(china.resources.filter((r) => r.Type.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(iamActions(china.resources).filter((a) => a.toLowerCase().startsWith('ses:'))).toEqual([]);
  });

  it('has no authorizer: every protected function verifies the token against the issuer it is given', () => {
    expect(china.resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    const synthesized = routeResources(china.resources);
    for (const route of protectedRoutes) {
      expect(synthesized.get(`${route.method} ${route.path}`)?.AuthorizationType).toBe('NONE');
    }
    const issuers = china.resources
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map(
        (r) => (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
      )
      .filter((v) => v?.IDENTITY_ISSUER !== undefined);
    expect(issuers.length).toBe(protectedRoutes.length);
    expect(new Set(issuers.map((v) => v?.IDENTITY_ISSUER))).toEqual(
      new Set(['https://sso.example.cn/realms/sgz']),
    );
  });
});

describe('npx cdk synth for the global partition without identity keys', () => {
  let global: ReturnType<typeof synth>;
  beforeAll(() => {
    global = synth({}, {});
  }, 300_000);
  afterAll(() => rmSync(global.out, { recursive: true, force: true }));

  it('keeps the Cognito user pool, its tokens verified by the protected functions (no authorizer)', () => {
    expect(global.status, global.output).toBe(0);
    expect(global.resources.filter((r) => r.Type === 'AWS::Cognito::UserPool')).toHaveLength(1);
    expect(global.resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    const synthesized = routeResources(global.resources);
    for (const route of protectedRoutes) {
      expect(synthesized.get(`${route.method} ${route.path}`)?.AuthorizationType).toBe('NONE');
    }
  });
});
