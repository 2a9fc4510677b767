import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROUTES_PER_STACK, type RouteEntry, routeGroups } from '#infra/stacks/routes-stack';
import { personalDataUseOf } from '#shared/adapters/crypto/personal-data-routes';
import { READINESS_PROBE } from '#shared/adapters/readiness-probe';
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

/** `count` made-up routes of one tag, with ids `<tag>-0`, `<tag>-1`… */
const fakeRoutes = (tag: string, count: number, from = 0): RouteEntry[] =>
  Array.from({ length: count }, (_, i) => [
    `${tag}-${from + i}`,
    {
      method: 'GET',
      path: `/${tag}/${from + i}`,
      handler: 'functions/http/meta/get-health.handler.ts',
      access: 'public',
      summary: 'made up',
      tag,
      response: { status: 200, description: 'made up' },
    },
  ]);
const layout = (groups: ReturnType<typeof routeGroups>) =>
  Object.fromEntries(groups.map((group) => [group.name, group.routes.map(([id]) => id)]));

describe('the grouping of routes into stacks', () => {
  it('gives each tag one stack, named after the tag in PascalCase, in name order', () => {
    const groups = routeGroups([
      ...fakeRoutes('stations', 2),
      ...fakeRoutes('service-delivery', 1),
      ...fakeRoutes('audit', 1),
    ]);

    expect(layout(groups)).toEqual({
      Audit: ['audit-0'],
      ServiceDelivery: ['service-delivery-0'],
      Stations: ['stations-0', 'stations-1'],
    });
    expect(groups.map((group) => group.name)).toEqual(['Audit', 'ServiceDelivery', 'Stations']);
  });

  it('splits a tag beyond the bound into stacks of at most that many, in manifest order, the first keeping the name', () => {
    const groups = routeGroups(fakeRoutes('funds', 2 * MAX_ROUTES_PER_STACK + 20));

    expect(groups.map((group) => [group.name, group.routes.length])).toEqual([
      ['Funds', MAX_ROUTES_PER_STACK],
      ['Funds-2', MAX_ROUTES_PER_STACK],
      ['Funds-3', 20],
    ]);
    expect(groups.flatMap((group) => group.routes)).toEqual(
      fakeRoutes('funds', 2 * MAX_ROUTES_PER_STACK + 20),
    );
  });

  it('leaves the stacks of other tags as they were when routes are added to a tag', () => {
    const before = layout(routeGroups([...fakeRoutes('reports', 3), ...fakeRoutes('funds', 60)]));
    const after = layout(
      routeGroups([...fakeRoutes('reports', 3), ...fakeRoutes('funds', 60), ...fakeRoutes('complaints', 90)]),
    );

    expect(after).toMatchObject(before);
    expect(Object.keys(after).sort()).toEqual(['Complaints', 'Complaints-2', 'Funds', 'Funds-2', 'Reports']);
  });

  it("adds a tag's new routes to its last stack and moves none of its other routes", () => {
    const before = layout(routeGroups(fakeRoutes('funds', 60)));
    const after = layout(routeGroups([...fakeRoutes('funds', 60), ...fakeRoutes('funds', 5, 60)]));

    expect(after.Funds).toEqual(before.Funds);
    expect(after['Funds-2']).toEqual([
      ...(before['Funds-2'] ?? []),
      ...fakeRoutes('funds', 5, 60).map(([id]) => id),
    ]);
  });

  it('refuses two tags that would name the same stack', () => {
    expect(() =>
      routeGroups([...fakeRoutes('service-delivery', 1), ...fakeRoutes('service_delivery', 1)]),
    ).toThrow(/would share the stack ServiceDelivery/);
  });
});

describe('the routes stacks', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize();
  });

  /** Every stack of the synthesized app, with its template. */
  const synthesizedStacks = () =>
    built.app.synth().stacks.map((artifact) => ({
      name: artifact.stackName,
      resources: Object.values(artifact.template.Resources ?? {}) as {
        Type: string;
        Properties?: { RouteKey?: string };
      }[],
    }));
  const functionOf = (routeId: string, of: Synthesized = built) => {
    const fn = of.routeFunctions[routeId];
    if (!fn) throw new Error(`no function for route ${routeId}`);
    return fn;
  };
  const roleOf = (routeId: string, of: Synthesized = built) => {
    const fn = functionOf(routeId, of);
    return { template: of.templateOf(fn), role: logicalIdOf(Stack.of(fn), fn.role ?? fn) };
  };
  const grantsOf = (routeId: string, service: string, of: Synthesized = built) => {
    const { template, role } = roleOf(routeId, of);
    return grantsOfRole(template, role, service);
  };
  /** The API Gateway route of a manifest route, from the template of its function's stack. */
  const apiRouteOf = (routeId: string, route: RouteDefinition) =>
    Object.values(built.templateOf(functionOf(routeId)).findResources('AWS::ApiGatewayV2::Route')).find(
      (r) => r.Properties.RouteKey === routeKey(route),
    );
  /** An object prefix of a bucket, as the finding names it (the bucket name is an import of the stateful stack). */
  const objects = (bucket: 'reports' | 'archive', prefix: string) =>
    `arn:<AWS::Partition>:s3:::${built.stateful.stackName}-${bucket === 'reports' ? 'Reports' : 'Archive'}BucketName/${prefix}*`;

  it('keeps every stack of the app, stateful, API, routes and jobs, under 450 resources', () => {
    const counts = synthesizedStacks().map(({ name, resources }) => [name, resources.length] as const);

    expect(counts.map(([name]) => name)).toEqual(
      expect.arrayContaining([built.stateful.stackName, built.api.stackName, built.jobs.stackName]),
    );
    expect(counts.filter(([, count]) => count >= 450)).toEqual([]);
  });

  it('declares every manifest route exactly once in the app, as an API Gateway route keyed by its method and path', () => {
    const keys = synthesizedStacks().flatMap(({ resources }) =>
      resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties?.RouteKey),
    );

    // Beside them, only the API's $default route (what no route takes: 404/405 in zh-CN).
    expect(keys.sort()).toEqual(['$default', ...manifestRoutes.map(([, route]) => routeKey(route))].sort());
  });

  it("puts each route, with its function, in the routes stack of the route's tag", () => {
    const stackOfRoute = Object.fromEntries(
      routeGroups(manifestRoutes).flatMap((group) =>
        group.routes.map(([routeId]) => [routeId, `Sgz-${built.config.stage}-Routes-${group.name}`]),
      ),
    );

    expect(built.routes.map((stack) => stack.stackName)).toEqual(
      [...new Set(Object.values(stackOfRoute))].sort(),
    );
    for (const [routeId, route] of manifestRoutes) {
      expect(Stack.of(functionOf(routeId)).stackName, routeId).toBe(stackOfRoute[routeId]);
      expect(apiRouteOf(routeId, route), routeId).toBeDefined();
    }
  });

  it('adds every route to the HTTP API of the API stack', () => {
    const api = logicalIdOf(built.api, built.api.api);

    for (const template of built.templates.routes) {
      template.allResourcesProperties('AWS::ApiGatewayV2::Route', {
        ApiId: {
          'Fn::ImportValue': Match.stringLikeRegexp(`^${built.api.stackName}:ExportsOutputRef${api}`),
        },
      });
    }
  });

  it('lets every protected function verify the ID token itself (no authorizer): the issuer and client in its environment', () => {
    for (const [routeId, route] of manifestRoutes) {
      const apiRoute = apiRouteOf(routeId, route);
      expect(apiRoute?.Properties.AuthorizationType, routeId).toBe('NONE');
      expect(apiRoute?.Properties.AuthorizerId, routeId).toBeUndefined();
      const fn = functionOf(routeId);
      const env = environmentOf(built.templateOf(fn), Stack.of(fn), fn);
      if (route.access === 'public') {
        expect(env.IDENTITY_ISSUER, routeId).toBeUndefined();
        expect(env.IDENTITY_AUDIENCE, routeId).toBeUndefined();
      } else {
        expect(env.IDENTITY_ISSUER, routeId).toBeDefined();
        expect(env.IDENTITY_AUDIENCE, routeId).toBeDefined();
      }
    }
  });

  it('gives each public write its hourly allowance per source (60 by default), and no other route', () => {
    for (const [routeId, route] of manifestRoutes) {
      const fn = functionOf(routeId);
      const env = environmentOf(built.templateOf(fn), Stack.of(fn), fn);
      const publicWrite = route.access === 'public' && route.method !== 'GET';
      expect(env.PUBLIC_WRITES_PER_SOURCE_PER_HOUR, routeId).toBe(publicWrite ? '60' : undefined);
    }
  });

  it('sends each route to a function of its own, which API Gateway may invoke for that route only', () => {
    const functionIds = new Set<string>();

    for (const [routeId, route] of manifestRoutes) {
      const fn = functionOf(routeId);
      const template = built.templateOf(fn);
      const functionId = logicalIdOf(Stack.of(fn), fn);
      const integrationId = /"Ref":"([^"]+)"/.exec(
        JSON.stringify(apiRouteOf(routeId, route)?.Properties.Target),
      )?.[1];
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
        (p) =>
          JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
      );

      expect(
        template.findResources('AWS::ApiGatewayV2::Integration')[integrationId ?? '']?.Properties,
      ).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
      });
      expect(
        permissions.map((p) => p.Properties.Principal),
        routeId,
      ).toEqual(['apigateway.amazonaws.com']);
      expect(JSON.stringify(permissions[0]?.Properties.SourceArn), routeId).toContain(`/*/*${route.path}"`);
      functionIds.add(`${Stack.of(fn).stackName}/${functionId}`);
    }
    expect(functionIds.size).toBe(manifestRoutes.length);
  });

  it('gives GET handlers read-only access to the main table and read access to the audit table', () => {
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    const gets = manifestRoutes.filter(([, route]) => route.method === 'GET' && !route.probesStores);

    expect(gets.length).toBeGreaterThan(0);
    for (const [routeId] of gets) {
      const { template, role } = roleOf(routeId);
      const actions = statementsOfRole(template, role).flatMap(actionsOf);
      expect(actions, routeId).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      // A read that reveals personal data is itself an audit record: it appends to the audit table (only).
      expect(
        actions.filter((action) => writes.includes(action)),
        routeId,
      ).toEqual(personalDataUseOf(routeId) === 'reveal' ? ['dynamodb:PutItem'] : []);
    }
  });

  it('gives every other handler read-write access to the main table and append access to the audit table', () => {
    const changes = manifestRoutes.filter(([, route]) => route.method !== 'GET');
    const auditTable = logicalIdOf(built.stateful, built.stateful.auditTable.table);
    const mainTable = logicalIdOf(built.stateful, built.stateful.mainTable.table);

    expect(changes.length).toBeGreaterThan(0);
    for (const [routeId] of changes) {
      const { template, role } = roleOf(routeId);
      const statements = statementsOfRole(template, role);
      const on = (table: string) =>
        statements.filter((s) => JSON.stringify(s.Resource).includes(table)).flatMap(actionsOf);
      expect(on(mainTable), routeId).toEqual(
        expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
      expect(on(auditTable), routeId).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    }
  });

  it('lets the upload-URL function put objects under uploads/ of the reports bucket, and nothing else in S3', () => {
    expect(grantsOf('createReportUploadUrl', 's3')).toEqual({
      [objects('reports', 'uploads/')]: ['s3:PutObject'],
    });
  });

  it('lets the download-URL function get objects under reports/ of the reports bucket, and nothing else in S3', () => {
    expect(grantsOf('createReportDownloadUrl', 's3')).toEqual({
      [objects('reports', 'reports/')]: ['s3:GetObject'],
    });
  });

  it('gives the readiness probe GetItem on the main table and a HEAD of its one probe object, and nothing else', () => {
    const probes = manifestRoutes.filter(([, route]) => route.probesStores).map(([id]) => id);
    expect(probes).toEqual(['getReadiness']);
    const { template, role } = roleOf('getReadiness');
    const mainTable = logicalIdOf(built.stateful, built.stateful.mainTable.table);
    const statements = statementsOfRole(template, role).filter(
      (s) => !actionsOf(s).every((a) => a.startsWith('logs:')),
    );
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.map(actionsOf)).toEqual([['dynamodb:GetItem']]);
    // The table itself, not its indexes, and no other table (the audit table least of all).
    expect(JSON.stringify(dynamo[0]?.Resource)).toContain(mainTable);
    expect(JSON.stringify(dynamo[0]?.Resource)).not.toContain('/index/');
    expect(grantsOf('getReadiness', 's3')).toEqual({
      [objects('reports', READINESS_PROBE.objectKey).replace(/\*$/, '')]: ['s3:GetObject'],
      [objects('reports', '').replace(/\/\*$/, '')]: ['s3:ListBucket'],
    });
    const listing = statements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(listing[0]?.Condition).toEqual({ StringEquals: { 's3:prefix': [READINESS_PROBE.objectKey] } });
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:GetItem',
      's3:GetObject',
      's3:ListBucket',
    ]);
    const fn = functionOf('getReadiness');
    expect(Object.keys(environmentOf(built.templateOf(fn), Stack.of(fn), fn))).not.toContain(
      'AUDIT_TABLE_NAME',
    );
  });

  it('gives every route with presigned URLs the one S3 action on its manifest prefix (an export also writes there), and the others none', () => {
    for (const [routeId, route] of manifestRoutes) {
      if (route.probesStores) continue;
      const { storage } = route;
      // An export writes the file it hands out a presigned GET for: GetObject and PutObject on its prefix.
      const action =
        storage && 'writes' in storage && storage.writes
          ? ['s3:GetObject', 's3:PutObject']
          : [storage?.presign === 'put' ? 's3:PutObject' : 's3:GetObject'];
      const listing =
        storage && 'checksExistence' in storage && storage.checksExistence
          ? { [objects(storage.bucket, '').replace(/\/\*$/, '')]: ['s3:ListBucket'] }
          : {};

      expect(grantsOf(routeId, 's3'), routeId).toEqual(
        storage ? { [objects(storage.bucket, storage.prefix)]: action, ...listing } : {},
      );
    }
  });

  it('gives a route that declares a longer timeout (the export) that timeout, under API Gateway’s 30 s, and every other 15 s', () => {
    for (const [routeId, route] of manifestRoutes) {
      const fn = functionOf(routeId);
      const timeout = (
        built.templateOf(fn).toJSON().Resources[logicalIdOf(Stack.of(fn), fn)] as {
          Properties: { Timeout: number };
        }
      ).Properties.Timeout;
      expect(timeout, routeId).toBe(route.timeoutSeconds ?? 15);
      expect(timeout, routeId).toBeLessThan(30);
    }
    expect(manifestRoutes.filter(([, r]) => r.timeoutSeconds).map(([id]) => id)).toEqual(['createExport']);
  });

  it('lets the ledger check that a voucher exists (404, not 403, for a missing one) by listing vouchers/ only', () => {
    const { template, role } = roleOf('createLedgerEntry');
    const listing = statementsOfRole(template, role).filter((s) => actionsOf(s).includes('s3:ListBucket'));

    expect(listing).toHaveLength(1);
    expect(listing[0]?.Condition).toEqual({ StringLike: { 's3:prefix': ['vouchers/*'] } });
  });

  it('grants no route function SES and sets no MAIL_FROM when the stage has no mailFrom', () => {
    for (const [routeId] of manifestRoutes) {
      const fn = functionOf(routeId);
      expect(grantsOf(routeId, 'ses'), routeId).toEqual({});
      const env = environmentOf(built.templateOf(fn), Stack.of(fn), fn);
      expect(env, routeId).not.toHaveProperty('MAIL_FROM');
      expect(env, routeId).not.toHaveProperty('MAIL_ENABLED');
    }
  });

  it('with mailFrom, lets no route send e-mail, not even a public one, and has each create the deliveries the job sends', () => {
    const mailing = synthesize({ mailFrom: MAIL_FROM });
    expect(manifestRoutes.filter(([, route]) => route.access === 'public').map(([id]) => id)).toEqual(
      expect.arrayContaining(['fileComplaint', 'lodgeObjection']),
    );

    for (const [routeId] of manifestRoutes) {
      const fn = functionOf(routeId, mailing);
      const env = environmentOf(mailing.templateOf(fn), Stack.of(fn), fn);
      expect(grantsOf(routeId, 'ses', mailing), routeId).toEqual({});
      expect(env.MAIL_FROM, routeId).toBeUndefined();
      expect(env.MAIL_ENABLED, routeId).toBe('true');
    }
  });
});
