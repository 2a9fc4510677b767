import { DivisionsView } from '#shared/contracts/divisions.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** The administrative divisions (区县、街道) every other area refers to. Handlers under functions/http/divisions/. */

export const listDivisionsRoute = {
  method: 'GET',
  path: '/divisions',
  handler: 'functions/http/divisions/list-divisions.handler.ts',
  access: 'public',
  summary: '济南市区县及街道（镇）区划（R2.1）',
  tag: 'divisions',
  response: { status: 200, schema: DivisionsView, description: '区县级单位及其街道/镇' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const divisionsRoutes = {
  listDivisions: listDivisionsRoute,
} as const satisfies Record<string, RouteDefinition>;
