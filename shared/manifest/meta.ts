import { HealthView, ReadinessView } from '#shared/contracts/health.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** The system's own routes: liveness, readiness and the OpenAPI document. Handlers under functions/http/meta/. */

export const getHealthRoute = {
  method: 'GET',
  path: '/health',
  handler: 'functions/http/meta/get-health.handler.ts',
  access: 'public',
  summary: '健康检查',
  tag: 'meta',
  response: { status: 200, schema: HealthView, description: '服务正常' },
} as const satisfies RouteDefinition;

/**
 * Readiness, apart from liveness: whether DynamoDB and S3 answer now (one short probe each); 503 NOT_READY naming
 * the store that does not. Its function may read one item of the main table and one object key of the reports
 * bucket, nothing else (`probesStores`).
 */
export const getReadinessRoute = {
  method: 'GET',
  path: '/health/ready',
  handler: 'functions/http/meta/get-readiness.handler.ts',
  access: 'public',
  summary: '就绪检查：数据库与文件存储是否可用',
  tag: 'meta',
  response: { status: 200, schema: ReadinessView, description: '数据库与文件存储均可用' },
  probesStores: true,
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
  getReadiness: getReadinessRoute,
  getOpenApi: getOpenApiRoute,
} as const satisfies Record<string, RouteDefinition>;
