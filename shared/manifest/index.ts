/**
 * The one declaration of the system's surface: every HTTP route, scheduled job and storage trigger. The CDK app
 * (infra/) and the local runtime (infra/local/) are both built from it, the OpenAPI document is generated from
 * it, and the HTTP handler factory reads each route's access and schemas from it, so none of them can drift.
 *
 * Each route is its own top-level constant (`<id>Route`) and a handler imports only its own: with the package
 * marked free of side effects (package.json `sideEffects`), esbuild then leaves every other route, and the
 * contract modules only they use, out of the handler's bundle.
 *
 * The routes live in one file per area (shared/manifest/<area>.ts, the area being the folder of their handlers
 * under functions/http/); this index assembles them and refuses two that collide (same id, same method and path,
 * same handler). Import the manifest from here only (`#shared/manifest`).
 */

import { assembleRoutes } from '#shared/manifest/assemble';
import { auditRoutes } from '#shared/manifest/audit';
import { calendarRoutes } from '#shared/manifest/calendar';
import { complaintsRoutes } from '#shared/manifest/complaints';
import { contractsRoutes } from '#shared/manifest/contracts';
import { divisionsRoutes } from '#shared/manifest/divisions';
import { evaluationsRoutes } from '#shared/manifest/evaluations';
import { exportsRoutes } from '#shared/manifest/exports';
import { fundsRoutes } from '#shared/manifest/funds';
import { handoverRoutes } from '#shared/manifest/handover';
import { importsRoutes } from '#shared/manifest/imports';
import { metaRoutes } from '#shared/manifest/meta';
import { notificationsRoutes } from '#shared/manifest/notifications';
import { platformRoutes } from '#shared/manifest/platform';
import { policiesRoutes } from '#shared/manifest/policies';
import { publicRoutes } from '#shared/manifest/public';
import { recipientsRoutes } from '#shared/manifest/recipients';
import { rectificationRoutes } from '#shared/manifest/rectification';
import { reportsRoutes } from '#shared/manifest/reports';
import { servicesRoutes } from '#shared/manifest/services';
import { stationsRoutes } from '#shared/manifest/stations';

export * from '#shared/manifest/audit';
export * from '#shared/manifest/calendar';
export * from '#shared/manifest/complaints';
export * from '#shared/manifest/contracts';
export * from '#shared/manifest/definitions';
export * from '#shared/manifest/divisions';
export * from '#shared/manifest/evaluations';
export * from '#shared/manifest/exports';
export * from '#shared/manifest/funds';
export * from '#shared/manifest/handover';
export * from '#shared/manifest/imports';
export * from '#shared/manifest/jobs';
export * from '#shared/manifest/meta';
export * from '#shared/manifest/notifications';
export * from '#shared/manifest/platform';
export * from '#shared/manifest/policies';
export * from '#shared/manifest/public';
export * from '#shared/manifest/recipients';
export * from '#shared/manifest/rectification';
export * from '#shared/manifest/reports';
export * from '#shared/manifest/services';
export * from '#shared/manifest/stations';
export * from '#shared/manifest/triggers';

/** Every route by its id (the operation id of the OpenAPI document), area by area. */
export const routes = /* @__PURE__ */ assembleRoutes([
  metaRoutes,
  divisionsRoutes,
  stationsRoutes,
  recipientsRoutes,
  servicesRoutes,
  contractsRoutes,
  platformRoutes,
  calendarRoutes,
  policiesRoutes,
  auditRoutes,
  reportsRoutes,
  notificationsRoutes,
  evaluationsRoutes,
  publicRoutes,
  fundsRoutes,
  complaintsRoutes,
  handoverRoutes,
  rectificationRoutes,
  importsRoutes,
  exportsRoutes,
]);

export type RouteId = keyof typeof routes;

/** Runs after each deployment (and at local start): idempotent seeding of reference data. */
export const seedHandler = 'functions/seed/seed-reference-data.handler.ts';

/**
 * The HTTP API's Lambda authorizer (where API Gateway's JWT authorizer is not used: the China regions by default):
 * verifies the bearer token against the configured OpenID Connect issuer (infra/stacks/api-stack.ts; the local
 * gateway in `lambda` mode invokes the same module).
 */
export const authorizerHandler = 'functions/auth/authorizer.handler.ts';

/**
 * The HTTP API's `$default` route: a request no route takes gets 404 `ROUTE_NOT_FOUND` or 405 `METHOD_NOT_ALLOWED`
 * as a problem in zh-CN (infra/stacks/api-stack.ts; the local gateway answers the same with the same module).
 */
export const noRouteHandler = 'functions/http/meta/no-route.handler.ts';
