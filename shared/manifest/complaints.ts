import {
  AcknowledgeBody,
  CloseComplaintBody,
  ComplaintList,
  ComplaintParams,
  ComplaintView,
  ListComplaintsQuery,
  StatementBody,
  StatementRequestBody,
} from '#shared/contracts/complaints.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** Complaints (投诉) as the districts handle them (R15). Handlers under functions/http/complaints/. */

export const listComplaintsRoute = {
  method: 'GET',
  path: '/complaints',
  handler: 'functions/http/complaints/list-complaints.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs'],
  summary: '投诉列表（投诉人信息已遮蔽）（R15.1）',
  tag: 'complaints',
  request: { query: ListComplaintsQuery },
  response: { status: 200, schema: ComplaintList, description: '投诉' },
} as const satisfies RouteDefinition;

export const getComplaintRoute = {
  method: 'GET',
  path: '/complaints/{id}',
  handler: 'functions/http/complaints/get-complaint.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'operator', 'street_office'],
  summary: '投诉详情：受理的区县可见投诉人联系方式；被要求说明的承接方、街道可见遮蔽后的内容',
  tag: 'complaints',
  request: { params: ComplaintParams },
  response: { status: 200, schema: ComplaintView, description: '投诉' },
} as const satisfies RouteDefinition;

export const acknowledgeComplaintRoute = {
  method: 'POST',
  path: '/complaints/{id}/acknowledgement',
  handler: 'functions/http/complaints/acknowledge-complaint.handler.ts',
  access: ['district_civil_affairs'],
  summary: '受理投诉（默认 1 个工作日内）（R15.1）',
  tag: 'complaints',
  request: { params: ComplaintParams, body: AcknowledgeBody },
  response: { status: 200, schema: ComplaintView, description: '已受理' },
} as const satisfies RouteDefinition;

export const requestComplaintStatementRoute = {
  method: 'POST',
  path: '/complaints/{id}/statement-requests',
  handler: 'functions/http/complaints/request-statement.handler.ts',
  access: ['district_civil_affairs'],
  summary: '要求承接方或街道作出情况说明',
  tag: 'complaints',
  request: { params: ComplaintParams, body: StatementRequestBody },
  response: { status: 200, schema: ComplaintView, description: '已发出' },
} as const satisfies RouteDefinition;

export const answerComplaintStatementRoute = {
  method: 'POST',
  path: '/complaints/{id}/statements',
  handler: 'functions/http/complaints/answer-statement.handler.ts',
  access: ['operator', 'street_office'],
  summary: '承接方或街道提交情况说明',
  tag: 'complaints',
  request: { params: ComplaintParams, body: StatementBody },
  response: { status: 200, schema: ComplaintView, description: '已提交' },
} as const satisfies RouteDefinition;

export const closeComplaintRoute = {
  method: 'POST',
  path: '/complaints/{id}/closure',
  handler: 'functions/http/complaints/close-complaint.handler.ts',
  access: ['district_civil_affairs'],
  summary: '办结投诉并答复（默认 15 个工作日内）（R15.1）',
  tag: 'complaints',
  request: { params: ComplaintParams, body: CloseComplaintBody },
  response: { status: 200, schema: ComplaintView, description: '已办结' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const complaintsRoutes = {
  listComplaints: listComplaintsRoute,
  getComplaint: getComplaintRoute,
  acknowledgeComplaint: acknowledgeComplaintRoute,
  requestComplaintStatement: requestComplaintStatementRoute,
  answerComplaintStatement: answerComplaintStatementRoute,
  closeComplaint: closeComplaintRoute,
} as const satisfies Record<string, RouteDefinition>;
