import {
  ApplicationPage,
  ApplicationParams,
  ApplicationView,
  CreateApplicationBody,
  DecisionBody,
  ListApplicationsQuery,
} from '#shared/contracts/platform.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** Applications of departments to use the platform (平台使用申请). Handlers under functions/http/platform/. */

export const createPlatformApplicationRoute = {
  method: 'POST',
  path: '/platform-applications',
  handler: 'functions/http/platform/create-application.handler.ts',
  access: ['department', 'street_office'],
  summary: '申请利用社工站平台开展外延性服务（市直部门报市民政局，区县部门、街道报区县民政）（R21.1）',
  tag: 'platform',
  request: { body: CreateApplicationBody },
  response: { status: 201, schema: ApplicationView, description: '已提交' },
} as const satisfies RouteDefinition;

export const listPlatformApplicationsRoute = {
  method: 'GET',
  path: '/platform-applications',
  handler: 'functions/http/platform/list-applications.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'department', 'street_office'],
  summary: '待审核或本单位提交的平台使用申请',
  tag: 'platform',
  request: { query: ListApplicationsQuery },
  response: { status: 200, schema: ApplicationPage, description: '一页申请' },
} as const satisfies RouteDefinition;

export const getPlatformApplicationRoute = {
  method: 'GET',
  path: '/platform-applications/{id}',
  handler: 'functions/http/platform/get-application.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'department', 'street_office'],
  summary: '平台使用申请详情',
  tag: 'platform',
  request: { params: ApplicationParams },
  response: { status: 200, schema: ApplicationView, description: '申请' },
} as const satisfies RouteDefinition;

export const decidePlatformApplicationRoute = {
  method: 'POST',
  path: '/platform-applications/{id}/decision',
  handler: 'functions/http/platform/decide-application.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs'],
  summary: '审核平台使用申请：批准时登记服务合同，申请方为监管考核方（R21.1）',
  tag: 'platform',
  request: { params: ApplicationParams, body: DecisionBody },
  response: { status: 200, schema: ApplicationView, description: '已审核' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const platformRoutes = {
  createPlatformApplication: createPlatformApplicationRoute,
  listPlatformApplications: listPlatformApplicationsRoute,
  getPlatformApplication: getPlatformApplicationRoute,
  decidePlatformApplication: decidePlatformApplicationRoute,
} as const satisfies Record<string, RouteDefinition>;
