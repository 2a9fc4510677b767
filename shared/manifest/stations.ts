import { RecordList, RecordView, ReferralBody, SafetyCheckBody } from '#shared/contracts/contracts.schema';
import {
  ComplianceView,
  CreateStationBody,
  ListStationsQuery,
  SignageBody,
  SiteBody,
  StationPage,
  StationParams,
  StationView,
  UpdateStationBody,
  WorkSystemsBody,
} from '#shared/contracts/stations.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { CITY_AND_DISTRICT_READERS } from '#shared/manifest/readers';

/** Social work service stations (社会工作服务站): their register, site, signage, work systems, compliance, safety checks and referrals (R5–R7). Handlers under functions/http/stations/. */

export const createStationRoute = {
  method: 'POST',
  path: '/stations',
  handler: 'functions/http/stations/create-station.handler.ts',
  access: ['district_civil_affairs'],
  summary: '新建社工站（R2.1，每个街道/镇仅一个在运行的社工站）',
  tag: 'stations',
  request: { body: CreateStationBody },
  response: { status: 201, schema: StationView, description: '已创建' },
} as const satisfies RouteDefinition;

export const listStationsRoute = {
  method: 'GET',
  path: '/stations',
  handler: 'functions/http/stations/list-stations.handler.ts',
  access: CITY_AND_DISTRICT_READERS,
  summary: '社工站列表（按区县、街道筛选，分页）',
  tag: 'stations',
  request: { query: ListStationsQuery },
  response: { status: 200, schema: StationPage, description: '一页社工站' },
} as const satisfies RouteDefinition;

export const getStationRoute = {
  method: 'GET',
  path: '/stations/{id}',
  handler: 'functions/http/stations/get-station.handler.ts',
  access: CITY_AND_DISTRICT_READERS,
  summary: '社工站详情',
  tag: 'stations',
  request: { params: StationParams },
  response: { status: 200, schema: StationView, description: '社工站' },
} as const satisfies RouteDefinition;

export const updateStationRoute = {
  method: 'PATCH',
  path: '/stations/{id}',
  handler: 'functions/http/stations/update-station.handler.ts',
  access: ['district_civil_affairs'],
  summary: '修改社工站基本信息或状态',
  tag: 'stations',
  request: { params: StationParams, body: UpdateStationBody },
  response: { status: 200, schema: StationView, description: '已修改' },
} as const satisfies RouteDefinition;

export const putStationSiteRoute = {
  method: 'PUT',
  path: '/stations/{id}/site',
  handler: 'functions/http/stations/put-station-site.handler.ts',
  access: ['district_civil_affairs', 'street_office'],
  summary: '服务场地：选址、办公设备、功能区（R5.1、R5.2）',
  tag: 'stations',
  request: { params: StationParams, body: SiteBody },
  response: { status: 200, schema: StationView, description: '已保存' },
} as const satisfies RouteDefinition;

export const putStationSignageRoute = {
  method: 'PUT',
  path: '/stations/{id}/signage',
  handler: 'functions/http/stations/put-station-signage.handler.ts',
  access: ['district_civil_affairs', 'street_office'],
  summary: '标识：户外、室内挂牌及照片（R6.1）',
  tag: 'stations',
  request: { params: StationParams, body: SignageBody },
  response: { status: 200, schema: StationView, description: '已保存' },
} as const satisfies RouteDefinition;

export const putStationWorkSystemsRoute = {
  method: 'PUT',
  path: '/stations/{id}/work-systems',
  handler: 'functions/http/stations/put-station-work-systems.handler.ts',
  access: ['district_civil_affairs', 'street_office'],
  summary: '工作制度（R7.1）',
  tag: 'stations',
  request: { params: StationParams, body: WorkSystemsBody },
  response: { status: 200, schema: StationView, description: '已保存' },
} as const satisfies RouteDefinition;

export const getStationComplianceRoute = {
  method: 'GET',
  path: '/stations/{id}/compliance',
  handler: 'functions/http/stations/get-station-compliance.handler.ts',
  access: CITY_AND_DISTRICT_READERS,
  summary: '建设规范核查：R5–R7 每一项及其条款',
  tag: 'stations',
  request: { params: StationParams },
  response: { status: 200, schema: ComplianceView, description: '核查结果' },
} as const satisfies RouteDefinition;

export const addSafetyCheckRoute = {
  method: 'POST',
  path: '/stations/{id}/safety-checks',
  handler: 'functions/http/stations/add-safety-check.handler.ts',
  access: ['street_office'],
  summary: '街道对社工站的安全检查（R13）',
  tag: 'stations',
  request: { params: StationParams, body: SafetyCheckBody },
  response: { status: 201, schema: RecordView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listSafetyChecksRoute = {
  method: 'GET',
  path: '/stations/{id}/safety-checks',
  handler: 'functions/http/stations/list-safety-checks.handler.ts',
  access: CITY_AND_DISTRICT_READERS,
  summary: '安全检查记录',
  tag: 'stations',
  request: { params: StationParams },
  response: { status: 200, schema: RecordList, description: '检查记录' },
} as const satisfies RouteDefinition;

export const addReferralRoute = {
  method: 'POST',
  path: '/stations/{id}/referrals',
  handler: 'functions/http/stations/add-referral.handler.ts',
  access: ['street_office'],
  summary: '转介记录（R13）',
  tag: 'stations',
  request: { params: StationParams, body: ReferralBody },
  response: { status: 201, schema: RecordView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listReferralsRoute = {
  method: 'GET',
  path: '/stations/{id}/referrals',
  handler: 'functions/http/stations/list-referrals.handler.ts',
  access: CITY_AND_DISTRICT_READERS,
  summary: '转介记录',
  tag: 'stations',
  request: { params: StationParams },
  response: { status: 200, schema: RecordList, description: '转介记录' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const stationsRoutes = {
  createStation: createStationRoute,
  listStations: listStationsRoute,
  getStation: getStationRoute,
  updateStation: updateStationRoute,
  putStationSite: putStationSiteRoute,
  putStationSignage: putStationSignageRoute,
  putStationWorkSystems: putStationWorkSystemsRoute,
  getStationCompliance: getStationComplianceRoute,
  addSafetyCheck: addSafetyCheckRoute,
  listSafetyChecks: listSafetyChecksRoute,
  addReferral: addReferralRoute,
  listReferrals: listReferralsRoute,
} as const satisfies Record<string, RouteDefinition>;
