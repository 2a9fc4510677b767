import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '#shared/manifest';
import {
  actionsOf,
  environmentOf,
  grantsOfRole,
  logicalIdOf,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

const manifestRoutes = Object.entries(routes) as [string, RouteDefinition][];
const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;
const MAIL_FROM = 'noreply@sgz.jinan.example';

describe('the API stack', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize();
  });

  const apiRoutes = () => Object.values(built.templates.api.findResources('AWS::ApiGatewayV2::Route'));
  const functionOf = (routeId: string) => {
    const fn = built.api.functions[routeId];
    if (!fn) throw new Error(`no function for route ${routeId}`);
    return fn;
  };
  const grantsOf = (routeId: string, service: string, of: Synthesized = built) =>
    grantsOfRole(of.templates.api, logicalIdOf(of.api, of.api.functions[routeId]?.role ?? of.api), service);
  /** An object prefix of the reports bucket, as the finding names it (the bucket name is an import). */
  const reportsObjects = (prefix: string) =>
    `arn:<AWS::Partition>:s3:::${built.stateful.stackName}-ReportsBucketName/${prefix}*`;

  it('has exactly one API Gateway route per manifest route, keyed by its method and path', () => {
    const keys = apiRoutes().map((route) => route.Properties.RouteKey as string);

    expect(keys.sort()).toEqual(manifestRoutes.map(([, route]) => routeKey(route)).sort());
  });

  it('leaves the public routes without authorization and puts the JWT authorizer on every other route', () => {
    const [authorizerId] = Object.keys(built.templates.api.findResources('AWS::ApiGatewayV2::Authorizer'));
    const byKey = Object.fromEntries(
      apiRoutes().map((route) => [
        route.Properties.RouteKey,
        { type: route.Properties.AuthorizationType, authorizer: route.Properties.AuthorizerId },
      ]),
    );

    expect(byKey).toEqual(
      Object.fromEntries(
        manifestRoutes.map(([, route]) => [
          routeKey(route),
          route.access === 'public'
            ? { type: 'NONE', authorizer: undefined }
            : { type: 'JWT', authorizer: { Ref: authorizerId } },
        ]),
      ),
    );
  });

  it('sends each route to a function of its own', () => {
    const integrations = built.templates.api.findResources('AWS::ApiGatewayV2::Integration');
    const functionIds = new Set<string>();

    for (const [routeId, route] of manifestRoutes) {
      const apiRoute = apiRoutes().find((r) => r.Properties.RouteKey === routeKey(route));
      const integrationId = /"Ref":"([^"]+)"/.exec(JSON.stringify(apiRoute?.Properties.Target))?.[1] ?? '';
      const functionId = logicalIdOf(built.api, functionOf(routeId));
      expect(integrations[integrationId]?.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [functionId, 'Arn'],
      });
      functionIds.add(functionId);
    }
    expect(functionIds.size).toBe(manifestRoutes.length);
  });

  it("verifies Cognito ID tokens: this region's user pool as issuer, the web client as audience", () => {
    const pool = logicalIdOf(built.stateful, built.stateful.userPool);
    const client = logicalIdOf(built.stateful, built.stateful.userPoolClient);

    built.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { 'Fn::ImportValue': Match.stringLikeRegexp(`ExportsOutputRef${pool}`) },
            ],
          ],
        },
        Audience: [{ 'Fn::ImportValue': Match.stringLikeRegexp(`ExportsOutputRef${client}`) }],
      },
    });
  });

  it('throttles the $default stage at the configured rate and burst', () => {
    const throttled = synthesize({ throttleRate: 7, throttleBurst: 11 });

    throttled.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 11 },
    });
  });

  it('writes JSON access logs with request id, route, status and latency, and nothing about the caller', () => {
    const [stage] = Object.values(built.templates.api.findResources('AWS::ApiGatewayV2::Stage'));
    const format = stage?.Properties.AccessLogSettings.Format as string;
    const fields = JSON.parse(format) as Record<string, string>;

    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    expect(format).not.toMatch(/identity|header|claims|sourceIp|userAgent|principal/i);
    expect(stage?.Properties.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'Arn'],
    });
  });

  it("allows cross-origin calls from the configured origins with the manifest's methods", () => {
    built.templates.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [...built.config.allowedOrigins],
        AllowMethods: [...new Set(manifestRoutes.map(([, route]) => route.method))],
        AllowHeaders: ['authorization', 'content-type'],
      },
    });
  });

  it('gives GET handlers read-only access to the main table and read access to the audit table', () => {
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    const gets = manifestRoutes.filter(([, route]) => route.method === 'GET');

    expect(gets.length).toBeGreaterThan(0);
    for (const [routeId] of gets) {
      const role = logicalIdOf(built.api, functionOf(routeId).role ?? built.api);
      const actions = statementsOfRole(built.templates.api, role).flatMap(actionsOf);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect(actions.filter((action) => writes.includes(action))).toEqual([]);
    }
  });

  it('gives every other handler read-write access to the main table and append access to the audit table', () => {
    const changes = manifestRoutes.filter(([, route]) => route.method !== 'GET');
    const auditTable = logicalIdOf(built.stateful, built.stateful.auditTable.table);
    const mainTable = logicalIdOf(built.stateful, built.stateful.mainTable.table);

    expect(changes.length).toBeGreaterThan(0);
    for (const [routeId] of changes) {
      const role = logicalIdOf(built.api, functionOf(routeId).role ?? built.api);
      const statements = statementsOfRole(built.templates.api, role);
      const on = (table: string) =>
        statements.filter((s) => JSON.stringify(s.Resource).includes(table)).flatMap(actionsOf);
      expect(on(mainTable)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
      expect(on(auditTable)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    }
  });

  it('lets the upload-URL function put objects under uploads/ of the reports bucket, and nothing else in S3', () => {
    expect(grantsOf('createReportUploadUrl', 's3')).toEqual({
      [reportsObjects('uploads/')]: ['s3:PutObject'],
    });
  });

  it('lets the download-URL function get objects under reports/ of the reports bucket, and nothing else in S3', () => {
    expect(grantsOf('createReportDownloadUrl', 's3')).toEqual({
      [reportsObjects('reports/')]: ['s3:GetObject'],
    });
  });

  it('gives no other API function any S3 action', () => {
    const others = manifestRoutes.filter(([, route]) => route.storage === undefined);

    expect(others.length).toBe(manifestRoutes.length - 2);
    for (const [routeId] of others) {
      expect(grantsOf(routeId, 's3'), routeId).toEqual({});
    }
  });

  it('grants no API function SES and sets no MAIL_FROM when the stage has no mailFrom', () => {
    for (const [routeId] of manifestRoutes) {
      expect(grantsOf(routeId, 'ses'), routeId).toEqual({});
      expect(environmentOf(built.templates.api, built.api, functionOf(routeId)), routeId).not.toHaveProperty(
        'MAIL_FROM',
      );
    }
  });

  it('with mailFrom, lets exactly the notifying routes send e-mail as its identity, and gives them the sender', () => {
    const mailing = synthesize({ mailFrom: MAIL_FROM });
    const identity = 'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/sgz.jinan.example';

    expect(manifestRoutes.filter(([, route]) => route.notifies).map(([id]) => id)).toContain('reviewReport');
    for (const [routeId, route] of manifestRoutes) {
      const fn = mailing.api.functions[routeId] ?? mailing.api;
      const mailFrom = environmentOf(mailing.templates.api, mailing.api, fn).MAIL_FROM;
      if (route.notifies) {
        expect(grantsOf(routeId, 'ses', mailing), routeId).toEqual({ [identity]: ['ses:SendEmail'] });
        expect(mailFrom, routeId).toBe(MAIL_FROM);
      } else {
        expect(grantsOf(routeId, 'ses', mailing), routeId).toEqual({});
        expect(mailFrom, routeId).toBeUndefined();
      }
    }
  });
});
