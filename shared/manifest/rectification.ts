import {
  ListRectificationsQuery,
  RaiseRectificationBody,
  RectificationEvidenceBody,
  RectificationPage,
  RectificationParams,
  RectificationView,
  VerifyRectificationBody,
} from '#shared/contracts/rectification.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** Rectification (整改) raised, evidenced and verified (B4). Handlers under functions/http/rectification/. */

export const raiseRectificationRoute = {
  method: 'POST',
  path: '/rectifications',
  handler: 'functions/http/rectification/raise-rectification.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'street_office'],
  summary:
    '根据督导检查（市）、不合格的安全检查（街道）、最终评估结果或属实的投诉（区县）提出整改：责任方、期限（B4）',
  tag: 'rectification',
  request: { body: RaiseRectificationBody },
  response: { status: 201, schema: RectificationView, description: '已提出' },
} as const satisfies RouteDefinition;

export const listRectificationsRoute = {
  method: 'GET',
  path: '/rectifications',
  handler: 'functions/http/rectification/list-rectifications.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'street_office', 'operator'],
  summary: '整改事项列表（辖区内；街道为本街道；承接方为本机构负责的）（B4）',
  tag: 'rectification',
  request: { query: ListRectificationsQuery },
  response: { status: 200, schema: RectificationPage, description: '一页整改事项' },
} as const satisfies RouteDefinition;

export const getRectificationRoute = {
  method: 'GET',
  path: '/rectifications/{id}',
  handler: 'functions/http/rectification/get-rectification.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'street_office', 'operator'],
  summary: '整改事项详情：问题、要求、期限、整改材料、验收记录（B4）',
  tag: 'rectification',
  request: { params: RectificationParams },
  response: { status: 200, schema: RectificationView, description: '整改事项' },
} as const satisfies RouteDefinition;

export const submitRectificationEvidenceRoute = {
  method: 'POST',
  path: '/rectifications/{id}/evidence',
  handler: 'functions/http/rectification/submit-rectification-evidence.handler.ts',
  access: ['operator', 'street_office', 'district_civil_affairs'],
  summary: '整改责任方提交整改材料，待提出方验收（B4）',
  tag: 'rectification',
  request: { params: RectificationParams, body: RectificationEvidenceBody },
  response: { status: 200, schema: RectificationView, description: '已提交' },
} as const satisfies RouteDefinition;

export const verifyRectificationRoute = {
  method: 'POST',
  path: '/rectifications/{id}/verification',
  handler: 'functions/http/rectification/verify-rectification.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'street_office'],
  summary: '提出方验收整改：通过即销号，退回须说明理由（B4）',
  tag: 'rectification',
  request: { params: RectificationParams, body: VerifyRectificationBody },
  response: { status: 200, schema: RectificationView, description: '已验收或已退回' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const rectificationRoutes = {
  raiseRectification: raiseRectificationRoute,
  listRectifications: listRectificationsRoute,
  getRectification: getRectificationRoute,
  submitRectificationEvidence: submitRectificationEvidenceRoute,
  verifyRectification: verifyRectificationRoute,
} as const satisfies Record<string, RouteDefinition>;
