import { HealthView } from '#shared/contracts/health.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** The system's own routes: liveness and the OpenAPI document. Handlers under functions/http/meta/. */

export const getHealthRoute = {
  method: 'GET',
  path: '/health',
  handler: 'functions/http/meta/get-health.handler.ts',
  access: 'public',
  summary: '健康检查',
  tag: 'meta',
  response: { status: 200, schema: HealthView, description: '服务正常' },
} as const satisfies RouteDefinition;

export const getOpenApiRoute = {
  method: 'GET',
  path: '/openapi.json',
  handler: 'functions/http/meta/get-openapi.handler.ts',
  access: 'public',
  summary: 'OpenAPI 3.1 接口文档',
  tag: 'meta',
  response: { status: 200, description: 'OpenAPI 文档' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const metaRoutes = {
  getHealth: getHealthRoute,
  getOpenApi: getOpenApiRoute,
} as const satisfies Record<string, RouteDefinition>;
