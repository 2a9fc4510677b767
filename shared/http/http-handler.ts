import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { now } from '#shared/clock';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import type { RouteDefinition } from '#shared/manifest';
import { claimsOfRequest, principalFromClaims, verifiedClaimsOfHeader } from './auth';
import { bodyLimit } from './body-limit';
import { logger } from './logger';
import {
  forbiddenRole,
  illFormedText,
  issuesOf,
  problemResponse,
  toDomainError,
  unauthenticated,
  validationFailed,
} from './problem';
import { limitPublicWrite } from './public-write-limit';
import { zodZh } from './zod-zh';

// Every request schema's messages in zh-CN, for every route of this function.
z.config({ localeError: zodZh });

type RequestOf<D extends RouteDefinition> = D extends { request: infer Q } ? Q : Record<string, never>;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler's `run` receives: validated inputs, the caller, and an actor for audited changes. */
export interface HttpRequest<D extends RouteDefinition> {
  readonly params: Parsed<RequestOf<D> extends { params: infer P } ? P : undefined>;
  readonly query: Parsed<RequestOf<D> extends { query: infer P } ? P : undefined>;
  readonly body: Parsed<RequestOf<D> extends { body: infer P } ? P : undefined>;
  /** Present on every non-public route (the factory refuses the request otherwise). */
  readonly principal: D['access'] extends 'public' ? Principal | undefined : Principal;
  readonly requestId: string;
  readonly now: Date;
  readonly event: APIGatewayProxyEventV2;
  /** The actor for audited changes; `reason` comes from the body's `reason` field when there is one. */
  actor(): Actor;
}

export interface HttpResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type ParsedEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown };

function parseInput(route: RouteDefinition, event: ParsedEvent) {
  const issues = [];
  const out: { params?: unknown; query?: unknown; body?: unknown } = {};
  for (const where of ['params', 'query', 'body'] as const) {
    const schema = route.request?.[where];
    if (!schema) continue;
    const raw =
      where === 'params'
        ? (event.pathParameters ?? {})
        : where === 'query'
          ? (event.queryStringParameters ?? {})
          : event.body;
    const illFormed = illFormedText(where, raw);
    if (illFormed.length > 0) {
      issues.push(...illFormed);
      continue;
    }
    const result = schema.safeParse(raw);
    if (result.success) out[where] = result.data;
    else issues.push(...issuesOf(where, result.error));
  }
  if (issues.length > 0) throw validationFailed(issues);
  return out;
}

/** Maps every error to problem+json. Registered last, so its onError runs first. */
const problemMapper = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const error = toDomainError(request.error);
    if (error.status >= 500) logger.error('request failed', { error: request.error as Error });
    else if (error.status === 401 || error.status === 403) logger.warn('access denied', { code: error.code });
    else logger.info('request refused', { code: error.code, status: error.status });
    request.response = problemResponse(error, request.event.rawPath);
  },
});

/**
 * The one HTTP handler factory. It composes middy in a fixed order — logger context, header normalisation, JSON
 * body parsing (only for routes with a body), problem+json error mapping — then authenticates, authorises by
 * role from the manifest (scope is the use case's check against the record), validates params, query and body
 * with the route's zod schemas, calls `run` and serialises its result.
 *
 * It takes the route's own declaration (`<id>Route` from the manifest), not the manifest: a handler's bundle then
 * holds its route and the schemas it uses, not every route's.
 */
export function httpHandler<D extends RouteDefinition>(
  route: D,
  run: (request: HttpRequest<D>) => Promise<HttpResult>,
) {
  // The route key as API Gateway's access log writes it (`routeKey`), so that the two logs can be joined.
  const routeName = `${route.method} ${route.path}`;
  const base = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer());
  const withBody = route.request?.body ? base.use(bodyLimit()).use(httpJsonBodyParser()) : base;
  return withBody.use(problemMapper()).handler(async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logger.appendKeys({ requestId, route: routeName });
    let principal: Principal | undefined;
    if (route.access !== 'public') {
      // Verified by the gateway's authorizer (JWT or Lambda), or else here (identity verifier `function`).
      const claims =
        claimsOfRequest(event.requestContext) ?? (await verifiedClaimsOfHeader(event.headers?.authorization));
      if (!claims) throw unauthenticated();
      const verified = principalFromClaims(claims);
      // The use case sees only the roles this route allows, so its scope check cannot be widened by another role.
      const allowed = verified.roles.filter((role) => (route.access as readonly string[]).includes(role));
      if (allowed.length === 0) {
        logger.warn('access denied', { reason: 'role', sub: verified.sub, roles: verified.roles });
        throw forbiddenRole();
      }
      principal = { ...verified, roles: allowed };
    }
    const input = parseInput(route, event as ParsedEvent);
    // A well-formed public write counts against its source's hourly allowance (429 RATE_LIMITED past it).
    if (route.access === 'public' && route.method !== 'GET') {
      await limitPublicWrite(routeName, event.requestContext?.http?.sourceIp);
    }
    const at = now();
    const reason = (input.body as { reason?: string } | undefined)?.reason;
    const result = await run({
      params: input.params,
      query: input.query,
      body: input.body,
      principal,
      requestId,
      now: at,
      event,
      actor: () => ({
        principal: principal ?? { sub: 'anonymous', username: 'anonymous', roles: [] },
        requestId,
        now: at,
        ...(reason ? { reason } : {}),
      }),
    } as HttpRequest<D>);
    const status = result.status ?? route.response.status;
    return {
      statusCode: status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
  });
}
