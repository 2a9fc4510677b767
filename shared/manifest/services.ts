import {
  AssessCaseBody,
  CasePage,
  CaseParams,
  CaseView,
  CloseCaseBody,
  CreateServiceRecordBody,
  DistrictServiceHoursQuery,
  DistrictServiceHoursView,
  ListCasesQuery,
  ListStationServiceRecordsQuery,
  ListVolunteerHoursQuery,
  OpenCaseBody,
  PlanCaseBody,
  RecordVolunteerHoursBody,
  RegisterVolunteerBody,
  ServiceRecordIdParams,
  ServiceRecordPage,
  ServiceRecordView,
  StationServiceHoursQuery,
  StationServiceHoursView,
  StationServiceParams,
  UpdateServiceRecordBody,
  VoidServiceRecordBody,
  VolunteerHoursPage,
  VolunteerHoursView,
  VolunteerPage,
  VolunteerView,
} from '#shared/contracts/services.schema';
import type { Role } from '#shared/domain/access/roles';
import type { RouteDefinition } from '#shared/manifest/definitions';

/**
 * Service records, cases and service hours (服务记录、个案、服务时数, issue 19 item 2). Handlers under
 * functions/http/services/. Who reads what (besides the route's roles, the use case checks the station's scope):
 * - the operator running the station's contract in force: writes and reads;
 * - the district civil affairs bureau of the station's district, the street office of its street and the city
 *   civil affairs bureau: read (records name recipients by id only, never their personal data);
 * - a district's service hours: that district's civil affairs bureau and the city.
 */
const SERVICE_READERS: readonly Role[] = [
  'city_civil_affairs',
  'district_civil_affairs',
  'street_office',
  'operator',
];

export const createServiceRecordRoute = {
  method: 'POST',
  path: '/stations/{id}/service-records',
  handler: 'functions/http/services/create-service-record.handler.ts',
  access: ['operator'],
  summary: '记录服务：家访、电访、小组活动、社区活动、个案干预（社工须在花名册中，服务对象须在本站建档）',
  tag: 'services',
  request: { params: StationServiceParams, body: CreateServiceRecordBody },
  response: { status: 201, schema: ServiceRecordView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listStationServiceRecordsRoute = {
  method: 'GET',
  path: '/stations/{id}/service-records',
  handler: 'functions/http/services/list-service-records.handler.ts',
  access: SERVICE_READERS,
  summary: '社工站某月的服务记录（可按类别筛选，分页）',
  tag: 'services',
  request: { params: StationServiceParams, query: ListStationServiceRecordsQuery },
  response: { status: 200, schema: ServiceRecordPage, description: '一页服务记录' },
} as const satisfies RouteDefinition;

export const getServiceRecordRoute = {
  method: 'GET',
  path: '/service-records/{id}',
  handler: 'functions/http/services/get-service-record.handler.ts',
  access: SERVICE_READERS,
  summary: '服务记录',
  tag: 'services',
  request: { params: ServiceRecordIdParams },
  response: { status: 200, schema: ServiceRecordView, description: '服务记录' },
} as const satisfies RouteDefinition;

export const updateServiceRecordRoute = {
  method: 'PUT',
  path: '/service-records/{id}',
  handler: 'functions/http/services/update-service-record.handler.ts',
  access: ['operator'],
  summary: '更正服务记录（带 version；类别与所属个案不变）',
  tag: 'services',
  request: { params: ServiceRecordIdParams, body: UpdateServiceRecordBody },
  response: { status: 200, schema: ServiceRecordView, description: '已更正' },
} as const satisfies RouteDefinition;

export const voidServiceRecordRoute = {
  method: 'DELETE',
  path: '/service-records/{id}',
  handler: 'functions/http/services/void-service-record.handler.ts',
  access: ['operator'],
  summary: '作废服务记录（带 version 与理由，记入审计；作废后不计入服务时数，记录保留）',
  tag: 'services',
  request: { params: ServiceRecordIdParams, body: VoidServiceRecordBody },
  response: { status: 200, schema: ServiceRecordView, description: '已作废' },
} as const satisfies RouteDefinition;

export const stationServiceHoursRoute = {
  method: 'GET',
  path: '/stations/{id}/service-hours',
  handler: 'functions/http/services/station-service-hours.handler.ts',
  access: SERVICE_READERS,
  summary: '社工站某月服务时数：按社工与全站（由服务记录计算），各类记录数，服务对象人数，督导时数',
  tag: 'services',
  request: { params: StationServiceParams, query: StationServiceHoursQuery },
  response: { status: 200, schema: StationServiceHoursView, description: '服务时数' },
} as const satisfies RouteDefinition;

export const districtServiceHoursRoute = {
  method: 'GET',
  path: '/service-hours',
  handler: 'functions/http/services/district-service-hours.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs'],
  summary: '区县某月服务时数：各社工站与合计（区县民政部门看本区县，市民政局看任一区县）',
  tag: 'services',
  request: { query: DistrictServiceHoursQuery },
  response: { status: 200, schema: DistrictServiceHoursView, description: '服务时数' },
} as const satisfies RouteDefinition;

export const openCaseRoute = {
  method: 'POST',
  path: '/stations/{id}/cases',
  handler: 'functions/http/services/open-case.handler.ts',
  access: ['operator'],
  summary: '个案接案：服务对象、求助问题、个案社工',
  tag: 'services',
  request: { params: StationServiceParams, body: OpenCaseBody },
  response: { status: 201, schema: CaseView, description: '已接案' },
} as const satisfies RouteDefinition;

export const listCasesRoute = {
  method: 'GET',
  path: '/stations/{id}/cases',
  handler: 'functions/http/services/list-cases.handler.ts',
  access: SERVICE_READERS,
  summary: '社工站的个案（分页）',
  tag: 'services',
  request: { params: StationServiceParams, query: ListCasesQuery },
  response: { status: 200, schema: CasePage, description: '一页个案' },
} as const satisfies RouteDefinition;

export const getCaseRoute = {
  method: 'GET',
  path: '/cases/{id}',
  handler: 'functions/http/services/get-case.handler.ts',
  access: SERVICE_READERS,
  summary: '个案',
  tag: 'services',
  request: { params: CaseParams },
  response: { status: 200, schema: CaseView, description: '个案' },
} as const satisfies RouteDefinition;

export const assessCaseRoute = {
  method: 'POST',
  path: '/cases/{id}/assessment',
  handler: 'functions/http/services/assess-case.handler.ts',
  access: ['operator'],
  summary: '个案预估（接案之后）',
  tag: 'services',
  request: { params: CaseParams, body: AssessCaseBody },
  response: { status: 200, schema: CaseView, description: '已预估' },
} as const satisfies RouteDefinition;

export const planCaseRoute = {
  method: 'POST',
  path: '/cases/{id}/plan',
  handler: 'functions/http/services/plan-case.handler.ts',
  access: ['operator'],
  summary: '个案服务计划与目标（预估之后）；此后的每次介入记为关联该个案的个案干预服务记录',
  tag: 'services',
  request: { params: CaseParams, body: PlanCaseBody },
  response: { status: 200, schema: CaseView, description: '已制定计划' },
} as const satisfies RouteDefinition;

export const closeCaseRoute = {
  method: 'POST',
  path: '/cases/{id}/closing',
  handler: 'functions/http/services/close-case.handler.ts',
  access: ['operator'],
  summary: '个案结案：目标达成情况（达成/部分达成/未达成）与小结（至少一次介入之后）',
  tag: 'services',
  request: { params: CaseParams, body: CloseCaseBody },
  response: { status: 200, schema: CaseView, description: '已结案' },
} as const satisfies RouteDefinition;

export const registerVolunteerRoute = {
  method: 'POST',
  path: '/stations/{id}/volunteers',
  handler: 'functions/http/services/register-volunteer.handler.ts',
  access: ['operator'],
  summary: '志愿者登记：姓名、特长、登记日期、手机号码（加密保存，掩码显示）',
  tag: 'services',
  request: { params: StationServiceParams, body: RegisterVolunteerBody },
  response: { status: 201, schema: VolunteerView, description: '已登记' },
} as const satisfies RouteDefinition;

export const listVolunteersRoute = {
  method: 'GET',
  path: '/stations/{id}/volunteers',
  handler: 'functions/http/services/list-volunteers.handler.ts',
  access: SERVICE_READERS,
  summary: '社工站志愿者名册（手机号码掩码，分页）',
  tag: 'services',
  request: { params: StationServiceParams, query: ListCasesQuery },
  response: { status: 200, schema: VolunteerPage, description: '一页志愿者' },
} as const satisfies RouteDefinition;

export const recordVolunteerHoursRoute = {
  method: 'POST',
  path: '/stations/{id}/volunteer-hours',
  handler: 'functions/http/services/record-volunteer-hours.handler.ts',
  access: ['operator'],
  summary: '记录志愿服务时长（本站登记的志愿者；整数分钟）',
  tag: 'services',
  request: { params: StationServiceParams, body: RecordVolunteerHoursBody },
  response: { status: 201, schema: VolunteerHoursView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listVolunteerHoursRoute = {
  method: 'GET',
  path: '/stations/{id}/volunteer-hours',
  handler: 'functions/http/services/list-volunteer-hours.handler.ts',
  access: SERVICE_READERS,
  summary: '社工站某月的志愿服务时长记录（分页）',
  tag: 'services',
  request: { params: StationServiceParams, query: ListVolunteerHoursQuery },
  response: { status: 200, schema: VolunteerHoursPage, description: '一页志愿服务时长' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const servicesRoutes = {
  createServiceRecord: createServiceRecordRoute,
  listStationServiceRecords: listStationServiceRecordsRoute,
  getServiceRecord: getServiceRecordRoute,
  updateServiceRecord: updateServiceRecordRoute,
  voidServiceRecord: voidServiceRecordRoute,
  stationServiceHours: stationServiceHoursRoute,
  districtServiceHours: districtServiceHoursRoute,
  openCase: openCaseRoute,
  listCases: listCasesRoute,
  getCase: getCaseRoute,
  assessCase: assessCaseRoute,
  planCase: planCaseRoute,
  closeCase: closeCaseRoute,
  registerVolunteer: registerVolunteerRoute,
  listVolunteers: listVolunteersRoute,
  recordVolunteerHours: recordVolunteerHoursRoute,
  listVolunteerHours: listVolunteerHoursRoute,
} as const satisfies Record<string, RouteDefinition>;
