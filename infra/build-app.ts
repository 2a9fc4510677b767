import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Aws, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type RouteDefinition, routes } from '#shared/manifest';
import { type StageConfig, stageConfig } from './config';
import type { AppFunction } from './constructs/app-function.construct';
import { ensurePortalBuilt } from './local/portal';
import { portalDir, repoRoot } from './paths';
import type { PortalConfig } from './portal-config';
import { ApiStack } from './stacks/api-stack';
import { JobsStack } from './stacks/jobs-stack';
import { PortalStack } from './stacks/portal-stack';
import { RoutesStack, routeGroups } from './stacks/routes-stack';
import { StageStack } from './stacks/stage-stack';
import { StatefulStack } from './stacks/stateful-stack';

export interface BuiltApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  /** The routes stacks (`Sgz-<stage>-Routes-<Tag>`), sorted by name; see `routeGroups`. */
  readonly routes: readonly RoutesStack[];
  /** Every route's function by manifest route id, whichever routes stack holds it (`Stack.of(fn)`). */
  readonly routeFunctions: Readonly<Record<string, AppFunction>>;
  readonly jobs: JobsStack;
  /** The `$default` stage with its per-route throttles and access logs, deployed after every routes stack. */
  readonly stage: StageStack;
  /** The portal (web/) on S3 and CloudFront, unless `-c portal=false`. */
  readonly portal?: PortalStack;
}

/**
 * The context of cdk.json. The CLI passes it to the app itself; reading it here too means a test synthesizes with
 * exactly the flags `npx cdk synth` uses. cdk.json holds aws-cdk-lib's recommended feature flags (as `cdk init`
 * writes them) with one deliberate exception: `@aws-cdk/core:defaultCrossStackReferences` is `strong`
 * (Fn::ImportValue, available in every partition, and CloudFormation refuses to delete a stack while another
 * still imports from it: the stateful stack while any other uses it, the API stack while a routes stack does)
 * rather than the recommended `weak`. It also holds `cli-telemetry: false`, which the CLI reads from context, not
 * from the top level.
 */
const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')).context ?? {};

/**
 * Builds the CDK app without synthesizing it, from shared/manifest.ts and shared/adapters/dynamodb/tables.ts: the
 * stateful stack; the API stack; one routes stack per route tag (more for a tag with over `MAX_ROUTES_PER_STACK`
 * routes), each adding its routes and their functions to that API; and the jobs stack. Environment-agnostic (no
 * account or region lookups): the account and region are those `cdk deploy` targets. cdk-nag's AwsSolutions pack
 * validates the whole app at synthesis; a finding that is not acknowledged with a reason fails it.
 *
 * @param context CDK context on top of cdk.json's, e.g. `{ stage: 'test' }` or, in tests,
 *   `{ 'aws:cdk:bundling-stacks': [] }` to skip esbuild.
 */
export function buildApp(context: Record<string, unknown> = {}): BuiltApp {
  const app = new App({ context: { ...cdkJsonContext(), ...context } });
  const config = stageConfig(app.node);
  const prefix = `Sgz-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    config,
    description: `济南市社会工作服务站管理系统 (${config.stage}): tables, buckets${config.identity.kind === 'cognito' ? ', user pool' : ''}; retained`,
    terminationProtection: config.stage === 'prod',
  });
  const shared = {
    config,
    mainTable: stateful.mainTable,
    auditTable: stateful.auditTable,
    bucketNames: {
      reports: stateful.bucketRefs.reports.bucketName,
      archive: stateful.bucketRefs.archive.bucketName,
    },
  };
  const api = new ApiStack(app, `${prefix}-Api`, {
    config,
    description: `济南市社会工作服务站管理系统 (${config.stage}): HTTP API${config.identity.verifier === 'function' ? ' (tokens verified by the route functions)' : ` and its ${config.identity.verifier === 'jwt' ? 'JWT' : 'Lambda'} authorizer`}`,
    ...(stateful.userPool && stateful.userPoolClient
      ? { userPool: stateful.userPool, userPoolClient: stateful.userPoolClient }
      : {}),
  });
  const routeStacks = routeGroups(Object.entries(routes) as [string, RouteDefinition][]).map((group) => {
    const stack = new RoutesStack(app, `${prefix}-Routes-${group.name}`, {
      ...shared,
      description: `济南市社会工作服务站管理系统 (${config.stage}): the ${group.tag} routes and their functions`,
      httpApi: api.api,
      ...(api.authorizer && api.authorizerType
        ? { authorizer: api.authorizer, authorizerType: api.authorizerType }
        : {}),
      identityIssuer: api.identityIssuer,
      identityAudience: api.identityAudience,
      routes: group.routes,
    });
    // The bucket names arrive through named exports, which CDK does not see as references.
    stack.addStackDependency(stateful, 'imports the bucket name exports of the stateful stack');
    return stack;
  });
  const stage = new StageStack(app, `${prefix}-Stage`, {
    config,
    description: `济南市社会工作服务站管理系统 (${config.stage}): the API stage, per-route throttles, access logs`,
    httpApi: api.api,
    routes: Object.values(routes) as RouteDefinition[],
  });
  for (const stack of routeStacks)
    stage.addStackDependency(stack, 'its route settings name the routes of it');
  const jobs = new JobsStack(app, `${prefix}-Jobs`, {
    ...shared,
    description: `济南市社会工作服务站管理系统 (${config.stage}): schedules, upload trigger, seed`,
    reportsBucket: stateful.bucketRefs.reports,
  });
  jobs.addStackDependency(stateful, 'imports the bucket name exports of the stateful stack');

  const portal = config.portal && portalStack(app, prefix, config, config.portal, stateful, api);

  Tags.of(app).add('project', 'jinan-sgz');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  const routeFunctions = Object.fromEntries(routeStacks.flatMap((stack) => Object.entries(stack.functions)));
  return {
    app,
    config,
    stateful,
    api,
    routes: routeStacks,
    routeFunctions,
    jobs,
    stage,
    ...(portal ? { portal } : {}),
  };
}

/**
 * The portal stack: the built portal (vite runs first when web/dist is older than its sources) and what it is told
 * at /portal-config.json — the API's URL, the issuer and client it signs in with, and the API's own claim mapping,
 * so the console reads the role from the same claims the API does.
 */
function portalStack(
  app: App,
  prefix: string,
  config: StageConfig,
  portal: PortalConfig,
  stateful: StatefulStack,
  api: ApiStack,
): PortalStack {
  // `cdk synth` builds the portal when web/dist is older than its sources, as it bundles the functions; a
  // synthesis without bundling (the tests') takes web/dist as it is when there is one.
  const bundling = app.node.tryGetContext('aws:cdk:bundling-stacks');
  if (!(Array.isArray(bundling) && bundling.length === 0 && existsSync(join(portalDir, 'index.html'))))
    ensurePortalBuilt(join(repoRoot, 'web'));
  const { identity } = config;
  const cognito =
    identity.kind === 'cognito' ? { pool: stateful.userPool, client: stateful.userPoolClient } : undefined;
  if (cognito && !(cognito.pool && cognito.client)) throw new Error('a Cognito stage has its user pool');
  // The user pool's ProviderURL attribute has no scheme (`cognito-idp.<region>.<suffix>/<pool id>`).
  const issuer = identity.kind === 'oidc' ? identity.issuer : `https://${cognito?.pool?.userPoolProviderUrl}`;
  const clientId =
    portal.clientId ??
    (identity.kind === 'oidc'
      ? (identity.audience[0] as string)
      : (cognito?.client?.userPoolClientId as string));
  const reportsUpload = `https://${stateful.bucketRefs.reports.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  const signIn =
    identity.kind === 'oidc'
      ? [new URL(identity.issuer).origin]
      : [
          `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`,
          `https://${config.cognitoDomainPrefix}.auth.${Aws.REGION}.amazoncognito.com`,
        ];
  return new PortalStack(app, `${prefix}-Portal`, {
    config,
    portal,
    description: `济南市社会工作服务站管理系统 (${config.stage}): the portal (web/) on S3 and CloudFront`,
    runtimeConfig: {
      apiUrl: api.api.apiEndpoint,
      issuer,
      clientId,
      scope: 'openid profile',
      claims: {
        roles: identity.claims.roles,
        district: identity.claims.district,
        street: identity.claims.street,
        org: identity.claims.org,
      },
      ...(identity.claims.roleValues ? { roleValues: identity.claims.roleValues } : {}),
    },
    connectSrc: [api.api.apiEndpoint, ...signIn, reportsUpload],
  });
}
