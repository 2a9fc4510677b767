import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '#shared/manifest';
import { assembleRoutes } from '#shared/manifest/assemble';

const route = (method: RouteDefinition['method'], path: string, handler: string): RouteDefinition => ({
  method,
  path,
  handler,
  access: ['district_civil_affairs'],
  summary: '测试路由',
  tag: 'test',
  response: { status: 200, description: '成功' },
});

const manifestDir = new URL('../../../shared/manifest/', import.meta.url).pathname;
const NOT_AREAS = ['index.ts', 'definitions.ts', 'readers.ts', 'assemble.ts', 'jobs.ts', 'triggers.ts'];

describe('the route manifest, assembled from its areas', () => {
  it('refuses two areas declaring one route id', () => {
    const stations = {
      getStation: route('GET', '/stations/{id}', 'functions/http/stations/get-station.handler.ts'),
    };
    const other = { getStation: route('GET', '/other/{id}', 'functions/http/other/get-station.handler.ts') };
    expect(() => assembleRoutes([stations, other])).toThrow('路由 getStation 声明了两次');
  });

  it('refuses one method and path declared twice, whatever its path variables are called', () => {
    const stations = {
      getStation: route('GET', '/stations/{id}', 'functions/http/stations/get-station.handler.ts'),
    };
    const other = {
      readStation: route('GET', '/stations/{stationId}', 'functions/http/other/read-station.handler.ts'),
    };
    expect(() => assembleRoutes([stations, other])).toThrow(
      'getStation 与 readStation 都是 GET /stations/{}',
    );
  });

  it('refuses two routes with one handler module', () => {
    const handler = 'functions/http/stations/get-station.handler.ts';
    const stations = { getStation: route('GET', '/stations/{id}', handler) };
    const other = { putStation: route('PUT', '/stations/{id}', handler) };
    expect(() => assembleRoutes([stations, other])).toThrow(
      `getStation 与 putStation 共用处理模块 ${handler}`,
    );
  });

  it('accepts the same path under another method and keeps every route of every area', () => {
    const a = {
      getStation: route('GET', '/stations/{id}', 'functions/http/stations/get-station.handler.ts'),
    };
    const b = {
      putStation: route('PUT', '/stations/{id}', 'functions/http/stations/put-station.handler.ts'),
    };
    expect(Object.keys(assembleRoutes([a, b]))).toEqual(['getStation', 'putStation']);
  });

  it("holds in each area file the routes whose handlers are in that area's folder, and every area in the index", async () => {
    const areas = readdirSync(manifestDir).filter(
      (name) => name.endsWith('.ts') && !NOT_AREAS.includes(name),
    );
    const assembled: string[] = [];
    for (const file of areas) {
      const area = file.replace(/\.ts$/, '');
      const module = (await import(`#shared/manifest/${area}`)) as Record<string, unknown>;
      const [, areaRoutes] = Object.entries(module).find(([name]) => name.endsWith('Routes')) as [
        string,
        Record<string, RouteDefinition>,
      ];
      for (const [id, r] of Object.entries(areaRoutes)) {
        expect(r.handler, id).toMatch(new RegExp(`^functions/http/${area}/`));
        assembled.push(id);
      }
    }
    expect(assembled.sort()).toEqual(Object.keys(routes).sort());
  });
});
