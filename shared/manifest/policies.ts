import {
  CreatePolicyBody,
  ListPoliciesQuery,
  PoliciesView,
  PolicyVersionView,
} from '#shared/contracts/policies.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { EVERY_ROLE } from '#shared/manifest/readers';

/** Policy parameters (政策参数), versioned. Handlers under functions/http/policies/. */

export const listPoliciesRoute = {
  method: 'GET',
  path: '/policies',
  handler: 'functions/http/policies/list-policies.handler.ts',
  access: EVERY_ROLE,
  summary: '政策参数版本及某日适用的版本（R30.1）',
  tag: 'policies',
  request: { query: ListPoliciesQuery },
  response: { status: 200, schema: PoliciesView, description: '版本列表' },
} as const satisfies RouteDefinition;

export const createPolicyRoute = {
  method: 'POST',
  path: '/policies',
  handler: 'functions/http/policies/create-policy.handler.ts',
  access: ['city_civil_affairs'],
  summary: '新增政策参数版本（R30.1）',
  tag: 'policies',
  request: { body: CreatePolicyBody },
  response: { status: 201, schema: PolicyVersionView, description: '已创建' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const policiesRoutes = {
  listPolicies: listPoliciesRoute,
  createPolicy: createPolicyRoute,
} as const satisfies Record<string, RouteDefinition>;
