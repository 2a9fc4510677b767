import type { RouteDefinition } from '#shared/manifest/definitions';

/** One area's routes by id (shared/manifest/<area>.ts). */
export type AreaRoutes = Readonly<Record<string, RouteDefinition>>;

/** The areas' routes as one object: the intersection of the areas, each id keeping its own route's type. */
type Merged<T extends readonly AreaRoutes[]> = T extends readonly [
  infer First extends AreaRoutes,
  ...infer Rest extends readonly AreaRoutes[],
]
  ? First & Merged<Rest>
  : unknown;

/**
 * The path as API Gateway routes it: the names of path variables do not tell routes apart (`/stations/{id}` and
 * `/stations/{stationId}` are one route), so each becomes `{}`.
 */
const routeKey = (route: RouteDefinition) => `${route.method} ${route.path.replace(/\{[^}]+\}/g, '{}')}`;

/**
 * Every way two routes of the areas collide, one line each: an id declared in two areas (merging them would keep
 * one silently), one method and path declared twice (API Gateway refuses the second; the local gateway would
 * answer with whichever came first), or one handler module for two routes (each route is its own function).
 */
export function routeCollisions(areas: readonly AreaRoutes[]): string[] {
  const collisions: string[] = [];
  const ids = new Set<string>();
  const byKey = new Map<string, string>();
  const byHandler = new Map<string, string>();
  for (const area of areas) {
    for (const [id, route] of Object.entries(area)) {
      if (ids.has(id)) collisions.push(`路由 ${id} 声明了两次`);
      ids.add(id);
      const key = routeKey(route);
      const sameKey = byKey.get(key);
      if (sameKey !== undefined && sameKey !== id) collisions.push(`${sameKey} 与 ${id} 都是 ${key}`);
      else byKey.set(key, id);
      const sameHandler = byHandler.get(route.handler);
      if (sameHandler !== undefined && sameHandler !== id)
        collisions.push(`${sameHandler} 与 ${id} 共用处理模块 ${route.handler}`);
      else byHandler.set(route.handler, id);
    }
  }
  return collisions;
}

/** The areas' routes as one object, in the areas' order; throws when two of them collide (`routeCollisions`). */
export function assembleRoutes<const T extends readonly AreaRoutes[]>(
  areas: T,
): { [K in keyof Merged<T>]: Merged<T>[K] } {
  const collisions = routeCollisions(areas);
  if (collisions.length > 0) throw new Error(`路由清单有冲突：${collisions.join('；')}`);
  return Object.assign({}, ...areas);
}
