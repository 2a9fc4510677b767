import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
  Context,
} from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { AuthorizerResult } from '#functions/auth/authorizer.handler';
import { verifierFromEnv } from '#shared/adapters/identity/oidc-verifier';
import { type CompiledRoute, compileRoutes, routesMatching } from '#shared/http/route-match';
import { authorizerHandler, noRouteHandler, type RouteDefinition, routes } from '#shared/manifest';
import { LOCAL_CLOCK_PATH, localClock } from './clock-endpoint';
import { findDemoUser } from './demo-users';
import type { LocalIdentity } from './identity';
import { LOCAL_JOBS_PATH, runLocalJob } from './job-endpoint';
import { type PortalOptions, servePortal } from './portal';
import type { LocalScheduler } from './scheduler';

/**
 * A local stand-in for API Gateway's HTTP API: it matches the manifest's routes, builds a payload-2.0 event and
 * invokes the same handler module the Lambda runs. The bearer token is verified by the production verifier against
 * the local OpenID Connect provider, where the deployment's identity verifier (infra/identity-config.ts) does it:
 * - `function` (the default, as deployed by default): by the route's function itself (shared/http/auth.ts), so a
 *   missing or refused token is a problem+json in zh-CN like every other error (401 UNAUTHENTICATED,
 *   TOKEN_EXPIRED, TOKEN_INVALID); the gateway passes the request on untouched;
 * - `jwt` (as API Gateway's JWT authorizer): the verifier itself; claims reach the function as strings, arrays
 *   rendered "[a b]"; a refused token is 401 `{"message":"Unauthorized"}`;
 * - `lambda` (the China regions' default): the Lambda authorizer's own module (functions/auth/authorizer.handler.ts)
 *   is invoked with a payload-2.0 REQUEST event and its answer cached per Authorization header for
 *   `authorizerCacheSeconds`, as API Gateway does; no header is 401, a refusal 403 `{"message":"Forbidden"}`, a
 *   failing authorizer 500.
 * `POST /local/token` signs a demo user in at the local provider and returns the ID token, and `POST /local/jobs/{job}`
 * runs a scheduled job as of a day (`npm run job`); both exist only here.
 */
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const compile = (): CompiledRoute[] => compileRoutes(routes as Record<string, RouteDefinition>);

/**
 * A Lambda context for a local invocation. `timeoutMs` is the function's timeout: middy answers early when it is
 * about to run out, as on AWS (HTTP functions have 15 s there; locally 30 s, for shared test machines; jobs have
 * JOB_TIMEOUT_SECONDS in both places).
 */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const awsRequestId = randomUUID();
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const handlerCache = new Map<string, Promise<Handler>>();
export function loadHandler<T = Handler>(modulePath: string): Promise<T> {
  let loaded = handlerCache.get(modulePath);
  if (!loaded) {
    loaded = import(pathToFileURL(resolve(process.cwd(), modulePath)).href).then((m) => m.handler as Handler);
    handlerCache.set(modulePath, loaded);
  }
  return loaded as Promise<T>;
}

/** API Gateway's HTTP API refuses request bodies over 10 MB with 413 before any integration runs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body, or `undefined` when it exceeds the limit (the rest is read and discarded, so the 413 can be sent). */
const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => ok(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', fail);
  });

/** A path parameter as the integration receives it: percent-decoded, or as sent when it does not decode. */
const decodeSegment = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Claims as API Gateway's JWT authorizer hands them to the function: strings, with arrays rendered as "[a b]". */
function toGatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}

export type VerifierMode = 'function' | 'jwt' | 'lambda';

export interface GatewayOptions {
  readonly identity: LocalIdentity;
  /** Who verifies the token: the route's function (`function`, the default) or the authorizer the gateway plays. */
  readonly verifier?: VerifierMode;
  /** How long a Lambda authorizer's answer is reused for the same Authorization header (default 300 s). */
  readonly authorizerCacheSeconds?: number;
  /** The portal (web/dist) served beside the API; absent: none (a function that answers once the port is known). */
  readonly portal?: () => PortalOptions | undefined;
  /** The scheduler `POST /local/jobs/{job}` fires through (a function: it starts after the server). */
  readonly scheduler?: () => LocalScheduler | undefined;
}

type Verdict =
  | { readonly ok: true; readonly authorizer: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly body: unknown };

const UNAUTHORIZED: Verdict = { ok: false, status: 401, body: { message: 'Unauthorized' } };

/** The JWT authorizer's part: the verifier of the environment (IDENTITY_ISSUER, IDENTITY_AUDIENCE). */
function jwtAuthorizer(): (token: string | undefined) => Promise<Verdict> {
  const verifier = verifierFromEnv();
  return async (token) => {
    try {
      return {
        ok: true,
        authorizer: { jwt: { claims: toGatewayClaims(await verifier.verify(token)), scopes: [] } },
      };
    } catch {
      return UNAUTHORIZED;
    }
  };
}

/** The Lambda authorizer's part: its module, invoked as API Gateway invokes it, its answers cached per header. */
function lambdaAuthorizer(
  cacheSeconds: number,
): (
  header: string | undefined,
  event: Omit<APIGatewayRequestAuthorizerEventV2, 'type' | 'identitySource'>,
) => Promise<Verdict> {
  const cache = new Map<string, { readonly until: number; readonly verdict: Verdict }>();
  return async (header, event) => {
    if (!header) return UNAUTHORIZED;
    const hit = cache.get(header);
    if (hit && hit.until > Date.now()) return hit.verdict;
    const authorize =
      await loadHandler<(e: APIGatewayRequestAuthorizerEventV2) => Promise<AuthorizerResult>>(
        authorizerHandler,
      );
    let verdict: Verdict;
    try {
      const result = await authorize({ ...event, type: 'REQUEST', identitySource: [header] });
      verdict = result.isAuthorized
        ? { ok: true, authorizer: { lambda: result.context } }
        : { ok: false, status: 403, body: { message: 'Forbidden' } };
    } catch (error) {
      console.error('local api: the authorizer failed', error);
      return { ok: false, status: 500, body: { message: 'Internal Server Error' } };
    }
    if (cacheSeconds > 0) {
      if (cache.size >= 10_000) cache.clear();
      cache.set(header, { until: Date.now() + cacheSeconds * 1000, verdict });
    }
    return verdict;
  };
}

export function createApiServer(options: GatewayOptions): Server {
  const { identity } = options;
  const matching = routesMatching(compile());
  const mode = options.verifier ?? 'function';
  const viaJwt = mode === 'jwt' ? jwtAuthorizer() : undefined;
  const viaLambda = mode === 'lambda' ? lambdaAuthorizer(options.authorizerCacheSeconds ?? 300) : undefined;
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const read = await readBody(req);
      if (read === undefined) {
        res.setHeader('connection', 'close');
        return send(res, 413, { message: 'Request Entity Too Large' });
      }
      const body = read;

      if (url.pathname === '/local/token' && method === 'POST') {
        let username: unknown;
        try {
          username = (JSON.parse(body.toString('utf8') || '{}') as { username?: unknown }).username;
        } catch {
          username = undefined;
        }
        const user = typeof username === 'string' ? findDemoUser(username) : undefined;
        if (!user) {
          return send(
            res,
            404,
            {
              type: 'urn:sgz:problem:unknown-demo-user',
              title: '没有这个演示用户',
              detail: 'username 须为演示用户之一（见 infra/local/demo-users.ts，例如 lixia.mz）。',
              status: 404,
              code: 'UNKNOWN_DEMO_USER',
            },
            { 'content-type': 'application/problem+json; charset=utf-8' },
          );
        }
        return send(res, 200, {
          token: await identity.issue(user),
          tokenType: 'Bearer',
          username: user.username,
          role: user.role,
        });
      }

      const localJob = method === 'POST' ? LOCAL_JOBS_PATH.exec(url.pathname) : null;
      if (localJob) {
        const answer = await runLocalJob(
          options.scheduler?.(),
          decodeSegment(localJob[1] ?? ''),
          body.toString('utf8'),
        );
        return send(
          res,
          answer.status,
          answer.body,
          answer.status === 200 ? {} : { 'content-type': 'application/problem+json; charset=utf-8' },
        );
      }
      if (url.pathname === LOCAL_CLOCK_PATH && (method === 'GET' || method === 'POST')) {
        const answer = localClock(method, body.toString('utf8'));
        return send(
          res,
          answer.status,
          answer.body,
          answer.status === 200 ? {} : { 'content-type': 'application/problem+json; charset=utf-8' },
        );
      }

      const candidates = matching(url.pathname);
      // As API Gateway does, a static segment wins over a path variable (`/reports/timeliness` over `/reports/{id}`).
      const match = candidates
        .filter((c) => c.route.method === method)
        .sort((a, b) => a.names.length - b.names.length)[0];
      const portal = options.portal?.();
      if (!match && portal && servePortal(portal, req, res, url.pathname, candidates.length > 0)) return;
      if (!match) {
        // The API's `$default` route: 404, or 405 with Allow, as a problem in zh-CN (the same module).
        const noRoute = await loadHandler(noRouteHandler);
        const result = await noRoute(
          {
            version: '2.0',
            routeKey: '$default',
            rawPath: url.pathname,
            rawQueryString: url.search.slice(1),
            headers: {},
            requestContext: { http: { method, path: url.pathname } },
            isBase64Encoded: false,
          } as unknown as APIGatewayProxyEventV2,
          lambdaContext('noRoute'),
        );
        res.writeHead(result.statusCode ?? 404, result.headers as Record<string, string>);
        return res.end(result.body ?? '');
      }
      const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
      const pathParameters = Object.fromEntries(
        match.names.map((n, i) => [n, decodeSegment(values[i] ?? '')]),
      );

      // A Map, not an object literal: a parameter named `__proto__` or `constructor` is a parameter like any other
      // (API Gateway passes it on), never the object's prototype or an inherited method.
      const params = new Map<string, string>();
      for (const [k, v] of url.searchParams) params.set(k, params.has(k) ? `${params.get(k)},${v}` : v);
      const query: Record<string, string> = Object.fromEntries(params);
      const headers: Record<string, string> = Object.fromEntries(
        Object.entries(req.headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(',') : v]],
        ),
      );
      const now = new Date();
      const requestId = randomUUID();
      const requestContext = {
        accountId: '000000000000',
        apiId: 'local',
        domainName: req.headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: req.headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: `${match.route.method} ${match.route.path}`,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      };

      let authorizer: Record<string, unknown> | undefined;
      if (match.route.access !== 'public' && mode !== 'function') {
        const header = req.headers.authorization;
        const verdict = viaLambda
          ? await viaLambda(header, {
              version: '2.0',
              routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${method}${url.pathname}`,
              routeKey: requestContext.routeKey,
              rawPath: url.pathname,
              rawQueryString: url.search.slice(1),
              cookies: [],
              headers,
              requestContext: requestContext as APIGatewayRequestAuthorizerEventV2['requestContext'],
              ...(match.names.length ? { pathParameters } : {}),
            })
          : await (viaJwt as NonNullable<typeof viaJwt>)(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]);
        if (!verdict.ok) {
          return send(
            res,
            verdict.status,
            verdict.body,
            verdict.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
          );
        }
        authorizer = verdict.authorizer;
      }

      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: `${match.route.method} ${match.route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(match.names.length ? { pathParameters } : {}),
        requestContext: {
          ...requestContext,
          ...(authorizer ? { authorizer } : {}),
        } as APIGatewayProxyEventV2['requestContext'],
        isBase64Encoded: false,
        ...(body.length ? { body: body.toString('utf8') } : {}),
      };
      const handler = await loadHandler(match.route.handler);
      const result = await handler(event, lambdaContext(match.id));
      res.writeHead(result.statusCode ?? 200, {
        ...(result.headers as Record<string, string>),
        'apigw-requestid': requestId,
      });
      res.end(result.body ?? '');
    } catch (error) {
      // API Gateway's own answer when the integration fails.
      console.error('local api: integration failed', error);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
    }
  });
}
