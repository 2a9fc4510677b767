import { Aws, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  type HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { IDENTITY_AUDIENCE_ENV, IDENTITY_ISSUER_ENV } from '#shared/adapters/identity/oidc-verifier';
import { READINESS_PROBE } from '#shared/adapters/readiness-probe';
import { IDENTITY_CLAIMS_ENV } from '#shared/http/claim-mapping';
import { PUBLIC_WRITE_LIMIT_ENV } from '#shared/http/public-write-limit';
import type { RouteDefinition } from '#shared/manifest';
import type { StageConfig } from '../config';
import { AppFunction, type AppFunctionProps } from '../constructs/app-function.construct';
import type { DefinedTable } from '../constructs/app-table.construct';

/** A manifest route with its id, as `Object.entries(routes)` yields it. */
export type RouteEntry = readonly [routeId: string, route: RouteDefinition];

/**
 * The most routes one routes stack holds. A route costs seven resources (function, role, policy, log group,
 * integration, route, invoke permission), so a full stack has about 350 of the 500 CloudFormation allows.
 */
export const MAX_ROUTES_PER_STACK = 50;

/** The routes of one routes stack. */
export interface RouteGroup {
  /**
   * The end of the stack's name: the tag in PascalCase (`service-delivery` → `ServiceDelivery`), then `-2`, `-3`…
   * for the routes of a tag beyond the first `MAX_ROUTES_PER_STACK`.
   */
  readonly name: string;
  readonly tag: string;
  readonly routes: readonly RouteEntry[];
}

const pascalCase = (tag: string): string =>
  tag
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/**
 * Splits the manifest's routes into the groups that become routes stacks: one group per tag, so a stack's name
 * depends on its tag alone and adding a route never renames or refills the stack of another tag. A tag with more
 * than `maxPerStack` routes fills its first stack in manifest order and overflows into `-2`, `-3`…; routes
 * appended to the tag land in the last of them. Groups come out sorted by name.
 *
 * API Gateway refuses a route key that another route of the API already has, so a route that changes stacks (its
 * tag changes, or an earlier route of an overflowing tag is removed) takes two deployments: one without the route,
 * then one with it in its new stack.
 */
export function routeGroups(routes: readonly RouteEntry[], maxPerStack = MAX_ROUTES_PER_STACK): RouteGroup[] {
  if (!Number.isInteger(maxPerStack) || maxPerStack < 1) {
    throw new Error(`routes per stack: expected a positive integer (got ${maxPerStack})`);
  }
  const byTag = new Map<string, RouteEntry[]>();
  for (const entry of routes) {
    const group = byTag.get(entry[1].tag) ?? [];
    group.push(entry);
    byTag.set(entry[1].tag, group);
  }
  const tagOfName = new Map<string, string>();
  const groups: RouteGroup[] = [];
  for (const [tag, entries] of byTag) {
    const base = pascalCase(tag);
    if (base === '') throw new Error(`route tag "${tag}" has no letter or digit to name its stack`);
    const other = tagOfName.get(base);
    if (other !== undefined) {
      throw new Error(`route tags "${other}" and "${tag}" would share the stack ${base}`);
    }
    tagOfName.set(base, tag);
    for (let start = 0, n = 1; start < entries.length; start += maxPerStack, n += 1) {
      groups.push({
        name: n === 1 ? base : `${base}-${n}`,
        tag,
        routes: entries.slice(start, start + maxPerStack),
      });
    }
  }
  return groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface RoutesStackProps extends StackProps {
  readonly config: StageConfig;
  readonly mainTable: DefinedTable;
  readonly auditTable: DefinedTable;
  readonly bucketNames: NonNullable<AppFunctionProps['bucketNames']>;
  /** The HTTP API of the API stack; the routes, their integrations and invoke permissions live in this stack. */
  readonly httpApi: IHttpApi;
  /**
   * The API stack's authorizer (JWT or Lambda: config.identity), put on every route that is not public; absent
   * when the functions verify the token themselves (identity verifier `function`).
   */
  readonly authorizer?: HttpAuthorizer;
  readonly authorizerType?: HttpAuthorizerType;
  /** The issuer and client ids of the ID tokens, for functions that verify them (ApiStack.identityIssuer). */
  readonly identityIssuer: string;
  readonly identityAudience: readonly string[];
  /** The manifest routes this stack holds (one group of `routeGroups`). */
  readonly routes: readonly RouteEntry[];
}

/**
 * Some of the HTTP API's routes: for each, one function and exactly one API Gateway route. A route's function
 * holds the table access its method needs and the one S3 action its presigned URLs need (manifest `storage`);
 * none may send e-mail (the notice-delivery job sends every notice, infra/stacks/jobs-stack.ts). Every route but the
 * public ones has its ID token verified: by its function, with `IDENTITY_ISSUER` and `IDENTITY_AUDIENCE` (the
 * default), or by the stage's authorizer, whose verified claims the handlers read from
 * `requestContext.authorizer.jwt.claims` or `.lambda.claims`; either way they are mapped with `IDENTITY_CLAIMS`
 * (shared/http/auth.ts).
 */
export class RoutesStack extends Stack {
  /** The function of each route of this stack, by manifest route id. */
  readonly functions: Readonly<Record<string, AppFunction>>;

  constructor(scope: Construct, id: string, props: RoutesStackProps) {
    super(scope, id, props);
    const { config } = props;
    // A route names its authorizer by id and by the route's authorization type: JWT, or CUSTOM for a Lambda one.
    const gatewayAuthorizer = props.authorizer;
    const authorizer: IHttpRouteAuthorizer | undefined = gatewayAuthorizer && {
      bind: () => ({
        authorizerId: gatewayAuthorizer.authorizerId,
        authorizationType: props.authorizerType === HttpAuthorizerType.JWT ? 'JWT' : 'CUSTOM',
      }),
    };
    // How the functions read the verified claims: the same mapping whichever authorizer verified them.
    const claimMapping = JSON.stringify(config.identity.claims);

    const functions: Record<string, AppFunction> = {};
    for (const [routeId, route] of props.routes) {
      const fn = new AppFunction(this, routeId, {
        handlerModule: route.handler,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
        config,
        bucketNames: props.bucketNames,
        ...(route.bundleFiles ? { bundleFiles: route.bundleFiles } : {}),
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
      });
      // A read cannot change anything, so it cannot need to record a change either. The readiness probe reads
      // one key of the main table and one object key of the reports bucket, and nothing else.
      if (route.probesStores) {
        fn.bindStoreProbe(props.mainTable, props.bucketNames.reports, READINESS_PROBE.objectKey);
      } else if (route.method === 'GET') {
        fn.bindTable(props.mainTable, 'RO').bindAuditTable(props.auditTable, 'READ');
      } else {
        fn.bindTable(props.mainTable, 'RW').bindAuditTable(props.auditTable, 'APPEND');
      }
      if (route.storage) {
        // A presigned URL carries the permissions of the role that signed it, at the time it is used.
        const { bucket, presign, prefix } = route.storage;
        fn.allowObjects(
          props.bucketNames[bucket],
          prefix,
          route.storage.writes && presign === 'get'
            ? ['s3:GetObject', 's3:PutObject']
            : [presign === 'put' ? 's3:PutObject' : 's3:GetObject'],
          route.storage.writes
            ? `${route.method} ${route.path} writes the file it makes under ${prefix} of the ${bucket} bucket and hands out a presigned GET URL for it (a presigned URL can do only what its signer may); its objects are named by a ULID per export, so the prefix is the narrowest resource, with these two actions.`
            : `${route.method} ${route.path} hands out presigned ${presign.toUpperCase()} URLs for objects under ${prefix} of the ${bucket} bucket, and a presigned URL can do only what its signer may; objects there are named per slot and upload, so the prefix is the narrowest resource, with this one action.`,
        );
        if (route.storage.checksExistence) {
          // S3 answers a HEAD of a missing key with 404 only if the caller may list it; otherwise 403.
          fn.addToRolePolicy(
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['s3:ListBucket'],
              resources: [`arn:${Aws.PARTITION}:s3:::${props.bucketNames[bucket]}`],
              conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
            }),
          );
        }
      }
      if (route.access === 'public' && route.method !== 'GET') {
        fn.addEnvironment(PUBLIC_WRITE_LIMIT_ENV, String(config.publicWritesPerSourcePerHour));
      }
      if (route.access !== 'public') {
        fn.addEnvironment(IDENTITY_CLAIMS_ENV, claimMapping);
        if (!authorizer) {
          fn.addEnvironment(IDENTITY_ISSUER_ENV, props.identityIssuer);
          fn.addEnvironment(IDENTITY_AUDIENCE_ENV, props.identityAudience.join(','));
        }
      }
      functions[routeId] = fn;

      const isPublic = route.access === 'public';
      const apiRoute = new HttpRoute(this, `${routeId}Route`, {
        httpApi: props.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration('Integration', fn),
        authorizer: isPublic || !authorizer ? new HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic) {
        Validations.of(apiRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} (${route.summary}) is public by design: shared/manifest.ts declares access 'public' because the public (社会公众) uses it without an account. The stage throttle bounds it; every non-public route has its ID token verified, by the stage's authorizer or by its function.`,
        });
      } else if (!authorizer) {
        Validations.of(apiRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is authorised by its function (identity verifier 'function'): before anything else, the handler factory (shared/http/http-handler.ts) verifies the bearer ID token against the issuer and audience in the function's environment (signature by the issuer's published keys, RS256/ES256 only, iss, aud, exp, nbf) and refuses a missing or bad token with a 401 problem in zh-CN, which API Gateway's authorizers cannot send; then the role from the manifest and the scope against the record.`,
        });
      }
    }
    this.functions = functions;
  }
}
