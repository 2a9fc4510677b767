import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#shared/domain/errors';
import type { RouteDefinition } from '#shared/manifest';
import { problemResponse } from './problem';

/** A manifest route as a path pattern: `/reports/{id}` matches one segment for `{id}`, as API Gateway does. */
export interface CompiledRoute {
  readonly id: string;
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  /** The path variables in order (`['id']`); fewer variables is the more specific route. */
  readonly names: readonly string[];
}

export const compileRoutes = (routes: Readonly<Record<string, RouteDefinition>>): CompiledRoute[] =>
  Object.entries(routes).map(([id, route]) => {
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
 * The routes whose path matches `path`, under any method. A path variable takes exactly one segment, so only the
 * routes with as many segments as `path` and the same first segment (or a variable there) are tried: one or a
 * few patterns per request instead of every route's.
 */
export function routesMatching(compiled: readonly CompiledRoute[]): (path: string) => CompiledRoute[] {
  const keyOf = (segments: readonly string[]) => `${segments.length}/${segments[1] ?? ''}`;
  const index = new Map<string, CompiledRoute[]>();
  for (const c of compiled) {
    const segments = c.route.path.split('/');
    const key = segments[1]?.includes('{') ? `${segments.length}/{}` : keyOf(segments);
    index.set(key, [...(index.get(key) ?? []), c]);
  }
  return (path) => {
    const segments = path.split('/');
    const tried = [...(index.get(keyOf(segments)) ?? []), ...(index.get(`${segments.length}/{}`) ?? [])];
    return tried.filter((c) => c.pattern.test(path));
  };
}

/**
 * What a request that no route takes is told (the API's `$default` route, and the local gateway): 405 with `Allow`
 * when the path is a route's path under other methods, otherwise 404. Both as problem details in zh-CN, where API
 * Gateway itself would answer `{"message":"Not Found"}` for either.
 */
export function noRouteResponse(
  compiled: readonly CompiledRoute[],
  method: string,
  path: string,
): APIGatewayProxyStructuredResultV2 & { statusCode: number } {
  const methods = [
    ...new Set(compiled.filter((c) => c.pattern.test(path)).map((c) => c.route.method)),
  ].sort();
  if (methods.length === 0) {
    const answer = problemResponse(
      new DomainError(
        'ROUTE_NOT_FOUND',
        404,
        '没有这个接口',
        `接口 ${path} 不存在，请核对地址；全部接口见 /openapi.json。`,
      ),
      path,
    );
    return answer;
  }
  const answer = problemResponse(
    new DomainError(
      'METHOD_NOT_ALLOWED',
      405,
      '该接口不支持此请求方法',
      `${path} 不接受 ${method} 请求，可用的方法：${methods.join('、')}。`,
    ),
    path,
  );
  return { ...answer, headers: { ...answer.headers, allow: methods.join(', ') } };
}
