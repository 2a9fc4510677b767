import {
  ComplaintReceipt,
  ComplaintStatusView,
  FileComplaintBody,
  TrackingParams,
} from '#shared/contracts/complaints.schema';
import {
  PublicStationPage,
  PublicStationSummaryView,
  PublicStationsQuery,
} from '#shared/contracts/directory.schema';
import {
  ObjectionBody,
  ObjectionReceipt,
  PublicityList,
  PublicityParams,
  PublicityQuery,
} from '#shared/contracts/evaluations.schema';
import { OcdsParams, OcdsView, PublicFundsQuery, PublicFundsView } from '#shared/contracts/funds.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** What anyone may read or file without signing in: publicity (公示), public funds and stations, complaints. Handlers under functions/http/public/. */

export const listPublicityRoute = {
  method: 'GET',
  path: '/public/publicity',
  handler: 'functions/http/public/list-publicity.handler.ts',
  access: 'public',
  summary: '评估结果公示（公众可读）（R18.1）',
  tag: 'public',
  request: { query: PublicityQuery },
  response: { status: 200, schema: PublicityList, description: '公示列表（新在前）' },
} as const satisfies RouteDefinition;

export const lodgeObjectionRoute = {
  method: 'POST',
  path: '/public/publicity/{id}/objections',
  handler: 'functions/http/public/lodge-objection.handler.ts',
  access: 'public',
  summary: '对公示提出质疑或投诉（可匿名）（R18.1）',
  tag: 'public',
  request: { params: PublicityParams, body: ObjectionBody },
  response: { status: 201, schema: ObjectionReceipt, description: '已受理' },
} as const satisfies RouteDefinition;

export const getPublicFundsRoute = {
  method: 'GET',
  path: '/public/funds',
  handler: 'functions/http/public/get-public-funds.handler.ts',
  access: 'public',
  summary: '资金信息公开：合同、金额、承接方、拨付与最终评估结果（R28.1）',
  tag: 'public',
  request: { query: PublicFundsQuery },
  response: { status: 200, schema: PublicFundsView, description: '公开信息' },
} as const satisfies RouteDefinition;

export const getPublicOcdsRoute = {
  method: 'GET',
  path: '/public/ocds/{year}',
  handler: 'functions/http/public/get-public-ocds.handler.ts',
  access: 'public',
  summary: '资金信息公开（OCDS 1.1 发布包）（R28.1）',
  tag: 'public',
  request: { params: OcdsParams },
  response: { status: 200, schema: OcdsView, description: 'OCDS 1.1 release package' },
} as const satisfies RouteDefinition;

export const listPublicStationsRoute = {
  method: 'GET',
  path: '/public/stations',
  handler: 'functions/http/public/list-public-stations.handler.ts',
  access: 'public',
  summary: '社工站名录：运营中的社工站、标准名称、承接方与当前服务年度的重点服务领域（R2.1、R4.1、R6.1）',
  tag: 'public',
  request: { query: PublicStationsQuery },
  response: { status: 200, schema: PublicStationPage, description: '一页社工站' },
} as const satisfies RouteDefinition;

export const getPublicStationSummaryRoute = {
  method: 'GET',
  path: '/public/stations/summary',
  handler: 'functions/http/public/get-public-station-summary.handler.ts',
  access: 'public',
  summary: '社工站名录：各区县运营中的社工站数（含没有社工站的区县）',
  tag: 'public',
  response: { status: 200, schema: PublicStationSummaryView, description: '各区县社工站数' },
} as const satisfies RouteDefinition;

export const fileComplaintRoute = {
  method: 'POST',
  path: '/public/complaints',
  handler: 'functions/http/public/file-complaint.handler.ts',
  access: 'public',
  summary: '投诉社工站（无需登录，可匿名；返回查询码）（R15.1）',
  tag: 'public',
  request: { body: FileComplaintBody },
  response: { status: 201, schema: ComplaintReceipt, description: '已受理' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'complaints/' },
} as const satisfies RouteDefinition;

export const trackComplaintRoute = {
  method: 'GET',
  path: '/public/complaints/{code}',
  handler: 'functions/http/public/track-complaint.handler.ts',
  access: 'public',
  summary: '凭查询码查看投诉办理状态与答复（R15.1）',
  tag: 'public',
  request: { params: TrackingParams },
  response: { status: 200, schema: ComplaintStatusView, description: '办理状态' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const publicRoutes = {
  listPublicity: listPublicityRoute,
  lodgeObjection: lodgeObjectionRoute,
  getPublicFunds: getPublicFundsRoute,
  getPublicOcds: getPublicOcdsRoute,
  listPublicStations: listPublicStationsRoute,
  getPublicStationSummary: getPublicStationSummaryRoute,
  fileComplaint: fileComplaintRoute,
  trackComplaint: trackComplaintRoute,
} as const satisfies Record<string, RouteDefinition>;
