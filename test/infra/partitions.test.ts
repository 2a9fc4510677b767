import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COGNITO_CLAIMS, IDENTITY_CLAIMS_ENV, OIDC_CLAIMS } from '#shared/http/claim-mapping';
import { type RouteDefinition, routes } from '#shared/manifest';
import {
  actionsOf,
  environmentOf,
  logicalIdOf,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

/**
 * The same code deploys to the global and the China partitions by configuration (issue 16): these synthesize the
 * app as `CDK_DEFAULT_REGION=cn-northwest-1 npx cdk synth -c identityIssuer=… -c identityAudience=…` does (with
 * cdk-nag, which throws on any unacknowledged finding) and read what a China account would be asked to create.
 */
const CHINA = {
  region: 'cn-northwest-1',
  identityIssuer: 'https://sso.example.cn/realms/sgz',
  identityAudience: 'sgz-portal',
  portalDomain: 'sgz.jinan.gov.cn',
  portalCertificate: 'ASCAQEXAMPLE7CERTIFICATE',
};

const allTemplates = (built: Synthesized): Template[] => [
  built.templates.stateful,
  built.templates.api,
  ...built.templates.routes,
  built.templates.jobs,
  built.templates.stage,
  ...(built.templates.portal ? [built.templates.portal] : []),
];

const resourceTypes = (built: Synthesized): string[] =>
  allTemplates(built).flatMap((t) =>
    Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type),
  );

const protectedRoutes = (Object.values(routes) as RouteDefinition[]).filter((r) => r.access !== 'public');
const publicRoutes = (Object.values(routes) as RouteDefinition[]).filter((r) => r.access === 'public');

/** Every API Gateway route of the app, by route key. */
const apiRoutesOf = (built: Synthesized) =>
  new Map(
    built.templates.routes.flatMap((t) =>
      Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map(
        (r) => [r.Properties.RouteKey as string, r.Properties as Record<string, unknown>] as const,
      ),
    ),
  );

describe('a deployment in the AWS China regions (cn-northwest-1, an OIDC issuer)', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize(CHINA);
  });

  it('creates no Cognito resource and grants no SES action to any role', () => {
    expect(resourceTypes(built).filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
    const sesActions = allTemplates(built).flatMap((t) =>
      Object.values(t.findResources('AWS::IAM::Policy')).flatMap((policy) =>
        (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) =>
          ([] as string[]).concat(s.Action).filter((a) => a.toLowerCase().startsWith('ses:')),
        ),
      ),
    );
    expect(sesActions).toEqual([]);
  });

  it("verifies tokens in each protected route's function: no authorizer, the issuer and audience in its environment", () => {
    expect(built.templates.api.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
    expect(built.api.authorizerFunction).toBeUndefined();
    const apiRoutes = apiRoutesOf(built);
    for (const [id, route] of Object.entries(routes) as [string, RouteDefinition][]) {
      expect(apiRoutes.get(`${route.method} ${route.path}`)?.AuthorizationType, id).toBe('NONE');
      const fn = built.routeFunctions[id];
      if (!fn) throw new Error(`no function for ${id}`);
      const env = environmentOf(built.templateOf(fn), Stack.of(fn), fn);
      if (route.access === 'public') {
        expect(env.IDENTITY_ISSUER, id).toBeUndefined();
      } else {
        expect(env, id).toMatchObject({
          IDENTITY_ISSUER: CHINA.identityIssuer,
          IDENTITY_AUDIENCE: CHINA.identityAudience,
        });
      }
    }
    expect(apiRoutes.size).toBe(protectedRoutes.length + publicRoutes.length);
  });

  it("hands every protected route's function the OIDC claim mapping, and none to a public route's", () => {
    for (const [id, route] of Object.entries(routes) as [string, RouteDefinition][]) {
      const fn = built.routeFunctions[id];
      if (!fn) throw new Error(`no function for ${id}`);
      const env = environmentOf(built.templateOf(fn), Stack.of(fn), fn);
      if (route.access === 'public') expect(env[IDENTITY_CLAIMS_ENV]).toBeUndefined();
      else expect(JSON.parse(String(env[IDENTITY_CLAIMS_ENV]))).toEqual(OIDC_CLAIMS);
    }
  });

  it('writes no ARN of the global partition and no global endpoint into any template', () => {
    for (const template of allTemplates(built)) {
      const text = JSON.stringify(template.toJSON());
      expect(text).not.toMatch(/arn:aws:/);
      // A service principal (`lambda.amazonaws.com`, `logging.s3.amazonaws.com`) is a whole JSON string and is
      // the same in every partition; an endpoint or URL inside a longer string is not.
      const endpoints = [...text.matchAll(/"([^"]*amazonaws\.com(?!\.cn)[^"]*)"/g)]
        .map((m) => m[1] as string)
        .filter((value) => !/^[a-z0-9-]+(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(value));
      expect(endpoints).toEqual([]);
    }
  });
});

describe('the same deployment with the Lambda authorizer (identityVerifier=lambda)', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize({ ...CHINA, identityVerifier: 'lambda' });
  });

  it('verifies tokens with the Lambda authorizer, its answer cached for 5 minutes per Authorization header', () => {
    built.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
    });
    const fn = built.api.authorizerFunction;
    expect(fn).toBeDefined();
    const env = environmentOf(built.templates.api, built.api, fn as NonNullable<typeof fn>);
    expect(env).toMatchObject({
      IDENTITY_ISSUER: CHINA.identityIssuer,
      IDENTITY_AUDIENCE: CHINA.identityAudience,
    });
  });

  it('lets only this API invoke the authorizer, by an ARN built from the partition', () => {
    const [permission] = Object.values(built.templates.api.findResources('AWS::Lambda::Permission'));
    expect(permission?.Properties.Principal).toBe('apigateway.amazonaws.com');
    const arn = JSON.stringify(permission?.Properties.SourceArn);
    expect(arn).toContain('{"Ref":"AWS::Partition"}');
    expect(arn).toContain(':execute-api:');
    expect(arn).toContain('/authorizers/');
    const uri = JSON.stringify(
      Object.values(built.templates.api.findResources('AWS::ApiGatewayV2::Authorizer'))[0]?.Properties
        .AuthorizerUri,
    );
    expect(uri).toContain('{"Ref":"AWS::Partition"}');
  });

  it('puts the authorizer on every protected route and none on the public ones', () => {
    const apiRoutes = apiRoutesOf(built);
    const authorizerId = logicalIdOf(
      built.api,
      built.api.authorizer as NonNullable<typeof built.api.authorizer>,
    );

    for (const route of protectedRoutes) {
      const synthesized = apiRoutes.get(`${route.method} ${route.path}`);
      expect(synthesized?.AuthorizationType, `${route.method} ${route.path}`).toBe('CUSTOM');
      expect(JSON.stringify(synthesized?.AuthorizerId)).toContain(authorizerId);
    }
    for (const route of publicRoutes) {
      expect(apiRoutes.get(`${route.method} ${route.path}`)?.AuthorizationType).toBe('NONE');
    }
    expect(apiRoutes.size).toBe(protectedRoutes.length + publicRoutes.length);
  });

  it("grants the authorizer's role its own log group and nothing else", () => {
    const fn = built.api.authorizerFunction as NonNullable<typeof built.api.authorizerFunction>;
    const role = logicalIdOf(built.api, fn.role as Role);
    const actions = statementsOfRole(built.templates.api, role).flatMap(actionsOf);
    expect(actions.every((a) => a.startsWith('logs:'))).toBe(true);
  });
});

describe('identity configuration', () => {
  const saved = process.env.CDK_DEFAULT_REGION;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_DEFAULT_REGION;
    else process.env.CDK_DEFAULT_REGION = saved;
  });

  it('refuses a China region without an OIDC issuer: Cognito is not offered there', () => {
    expect(() => synthesize({ region: 'cn-north-1' })).toThrow(
      /Cognito user pools are not offered in cn-north-1/,
    );
  });

  it('reads the region from CDK_DEFAULT_REGION as the CDK CLI sets it', () => {
    process.env.CDK_DEFAULT_REGION = 'cn-northwest-1';
    expect(() => synthesize()).toThrow(/identityIssuer/);
  });

  it('refuses SES in a China region', () => {
    expect(() => synthesize({ ...CHINA, mailFrom: 'noreply@sgz.jinan.example' })).toThrow(
      /SES is not offered in cn-northwest-1/,
    );
  });

  it('uses the JWT authorizer for an OIDC issuer when asked, with no user pool', () => {
    const global = synthesize({
      identityIssuer: CHINA.identityIssuer,
      identityAudience: 'sgz-portal,sgz-app',
      identityVerifier: 'jwt',
    });

    global.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: CHINA.identityIssuer, Audience: ['sgz-portal', 'sgz-app'] },
    });
    expect(resourceTypes(global).filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(global.api.authorizerFunction).toBeUndefined();
  });

  it("keeps Cognito and its claim names when no issuer is given, the functions verifying the pool's tokens", () => {
    const global = synthesize();

    expect(resourceTypes(global)).toContain('AWS::Cognito::UserPool');
    expect(global.templates.api.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
    const [id] = Object.entries(routes).find(([, r]) => r.access !== 'public') as [string, RouteDefinition];
    const fn = global.routeFunctions[id] as NonNullable<(typeof global.routeFunctions)[string]>;
    const env = environmentOf(global.templateOf(fn), Stack.of(fn), fn);
    expect(JSON.parse(String(env[IDENTITY_CLAIMS_ENV]))).toEqual(COGNITO_CLAIMS);
    // The pool's issuer, as Cognito writes it in `iss`, and its app client as the audience.
    expect(JSON.stringify(env.IDENTITY_ISSUER)).toMatch(/https:\/\/cognito-idp\./);
    expect(JSON.stringify(env.IDENTITY_AUDIENCE)).toMatch(/Sgz-prod-Stateful:ExportsOutputRef.*Client/);
  });

  it("maps a provider's own claim names and group values without a code change", () => {
    const keycloak = synthesize({
      ...CHINA,
      claimRoles: 'realm_access.roles',
      claimDistrict: 'xzqh',
      claimRoleValues: JSON.stringify({ 区民政: 'district_civil_affairs', 街道: 'street_office' }),
      identityVerifier: 'lambda',
      identityCacheSeconds: 60,
    });

    const [id] = Object.entries(routes).find(([, r]) => r.access !== 'public') as [string, RouteDefinition];
    const fn = keycloak.routeFunctions[id] as NonNullable<(typeof keycloak.routeFunctions)[string]>;
    expect(
      JSON.parse(String(environmentOf(keycloak.templateOf(fn), Stack.of(fn), fn)[IDENTITY_CLAIMS_ENV])),
    ).toEqual({
      ...OIDC_CLAIMS,
      roles: 'realm_access.roles',
      district: 'xzqh',
      roleValues: { 区民政: 'district_civil_affairs', 街道: 'street_office' },
    });
    keycloak.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  it.each([
    [{ identityIssuer: 'http://sso.example.cn/realms/sgz', identityAudience: 'a' }, /https URL/],
    [{ identityIssuer: 'https://sso.example.cn/realms/sgz' }, /identityAudience/],
    [{ identityAudience: 'sgz-portal' }, /needs identityIssuer/],
    [{ ...CHINA, identityVerifier: 'saml' }, /function, jwt or lambda/],
    [{ identityVerifier: 'lambda' }, /lambda needs identityIssuer/],
    [{ ...CHINA, identityVerifier: 'lambda', identityCacheSeconds: 7200 }, /0 to 3600/],
    [{ ...CHINA, identityCacheSeconds: 60 }, /identityVerifier=lambda only/],
    [{ ...CHINA, claimRoleValues: '{"管理员":"admin"}' }, /roleValues/],
    [{ ...CHINA, claimRoleValues: 'not json' }, /not JSON/],
    [
      {
        identityIssuer: CHINA.identityIssuer,
        identityAudience: 'a',
        identityVerifier: 'jwt',
        claimRoles: 'realm_access.roles',
      },
      /identityVerifier=function or lambda/,
    ],
  ])('refuses %o', (context, message) => {
    expect(() => synthesize(context)).toThrow(message);
  });
});
