import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { type RouteDefinition, routes } from '#shared/manifest';
import { findDemoUser } from './demo-users';
import type { LocalIdentity } from './identity';

/**
 * A local stand-in for API Gateway's HTTP API: it matches the manifest's routes, verifies the bearer token as the
 * JWT authorizer would (401 before the function runs), builds a payload-2.0 event and invokes the same handler
 * module the Lambda runs. `POST /local/token` issues demo users' tokens; it exists only here, never on AWS.
 */
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  readonly id: string;
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly names: string[];
}

const compile = (): CompiledRoute[] =>
  Object.entries(routes as Record<string, RouteDefinition>).map(([id, route]) => {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${route.path
        .replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`))
        .replace(/\{(\w+)\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        })}$`,
    );
    return { id, route, pattern, names };
  });

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

/** Claims as API Gateway hands them to the function: strings, with arrays rendered as "[a b]". */
function toGatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}

export function createApiServer(identity: LocalIdentity): Server {
  const compiled = compile();
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

      const candidates = compiled.filter((c) => c.pattern.test(url.pathname));
      // As API Gateway does, a static segment wins over a path variable (`/reports/timeliness` over `/reports/{id}`).
      const match = candidates
        .filter((c) => c.route.method === method)
        .sort((a, b) => a.names.length - b.names.length)[0];
      if (!match) {
        // API Gateway answers unknown routes with 404 {"message":"Not Found"}.
        return send(res, 404, { message: 'Not Found' });
      }
      const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
      const pathParameters = Object.fromEntries(
        match.names.map((n, i) => [n, decodeSegment(values[i] ?? '')]),
      );

      let claims: Record<string, string> | undefined;
      if (match.route.access !== 'public') {
        const auth = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
        try {
          if (!token) throw new Error('missing');
          claims = toGatewayClaims(await identity.verify(token));
        } catch {
          return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
        }
      }

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
      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: `${match.route.method} ${match.route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(match.names.length ? { pathParameters } : {}),
        requestContext: {
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
          ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
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
