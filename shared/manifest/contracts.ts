import {
  ConfirmationBody,
  ContractPage,
  ContractParams,
  ContractStatusBody,
  ContractView,
  CoordinationMeetingList,
  CoordinationMeetingView,
  CreateContractBody,
  CreateWorkerBody,
  KeyDomainsBody,
  KeyDomainsParams,
  ListContractsQuery,
  MeetingBody,
  NeedsSurveyBody,
  NeedsSurveyView,
  ProgressBody,
  ProgressView,
  RecordsQuery,
  SupervisionBody,
  SupervisionSessionList,
  SupervisionSessionView,
  TaskBookBody,
  TaskBookView,
  TaskParams,
  UpdateContractBody,
  UpdateWorkerBody,
  WorkerList,
  WorkerParams,
  WorkerView,
  YearParams,
} from '#shared/contracts/contracts.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { CONTRACT_READERS } from '#shared/manifest/readers';

/** Service contracts (服务合同) and the service delivered under them: key domains, workers, needs survey, task book, supervision, coordination meetings. Handlers under functions/http/contracts/. */

export const createContractRoute = {
  method: 'POST',
  path: '/contracts',
  handler: 'functions/http/contracts/create-contract.handler.ts',
  access: ['district_civil_affairs'],
  summary: '登记政府购买服务合同（草稿）：金额、三项经费、人员配备、拨付计划（R3.1、R23.1）',
  tag: 'contracts',
  request: { body: CreateContractBody },
  response: { status: 201, schema: ContractView, description: '已登记' },
} as const satisfies RouteDefinition;

export const listContractsRoute = {
  method: 'GET',
  path: '/contracts',
  handler: 'functions/http/contracts/list-contracts.handler.ts',
  access: CONTRACT_READERS,
  summary: '服务合同列表（辖区内；承接方仅本机构）',
  tag: 'contracts',
  request: { query: ListContractsQuery },
  response: { status: 200, schema: ContractPage, description: '一页合同' },
} as const satisfies RouteDefinition;

export const getContractRoute = {
  method: 'GET',
  path: '/contracts/{id}',
  handler: 'functions/http/contracts/get-contract.handler.ts',
  access: CONTRACT_READERS,
  summary: '服务合同详情',
  tag: 'contracts',
  request: { params: ContractParams },
  response: { status: 200, schema: ContractView, description: '合同' },
} as const satisfies RouteDefinition;

export const updateContractRoute = {
  method: 'PATCH',
  path: '/contracts/{id}',
  handler: 'functions/http/contracts/update-contract.handler.ts',
  access: ['district_civil_affairs'],
  summary: '修改草稿合同的条款',
  tag: 'contracts',
  request: { params: ContractParams, body: UpdateContractBody },
  response: { status: 200, schema: ContractView, description: '已修改' },
} as const satisfies RouteDefinition;

export const changeContractStatusRoute = {
  method: 'POST',
  path: '/contracts/{id}/status',
  handler: 'functions/http/contracts/change-contract-status.handler.ts',
  access: ['district_civil_affairs'],
  summary: '合同状态：草稿 → 生效 → 完成 | 终止',
  tag: 'contracts',
  request: { params: ContractParams, body: ContractStatusBody },
  response: { status: 200, schema: ContractView, description: '已变更' },
} as const satisfies RouteDefinition;

export const putKeyDomainsRoute = {
  method: 'PUT',
  path: '/contracts/{id}/service-years/{year}/key-domains',
  handler: 'functions/http/contracts/put-key-domains.handler.ts',
  access: ['operator'],
  summary: '确定服务年度的 2–3 个重点服务领域（R4.1）',
  tag: 'contracts',
  request: { params: KeyDomainsParams, body: KeyDomainsBody },
  response: { status: 200, schema: ContractView, description: '已保存' },
} as const satisfies RouteDefinition;

export const addWorkerRoute = {
  method: 'POST',
  path: '/contracts/{id}/workers',
  handler: 'functions/http/contracts/add-worker.handler.ts',
  access: ['operator'],
  summary: '花名册：新增社工（R9.1；身份证号、电话仅掩码显示）',
  tag: 'contracts',
  request: { params: ContractParams, body: CreateWorkerBody },
  response: { status: 201, schema: WorkerView, description: '已新增' },
} as const satisfies RouteDefinition;

export const listWorkersRoute = {
  method: 'GET',
  path: '/contracts/{id}/workers',
  handler: 'functions/http/contracts/list-workers.handler.ts',
  access: CONTRACT_READERS,
  summary: '花名册（掩码）',
  tag: 'contracts',
  request: { params: ContractParams },
  response: { status: 200, schema: WorkerList, description: '社工名单' },
} as const satisfies RouteDefinition;

export const updateWorkerRoute = {
  method: 'PATCH',
  path: '/contracts/{id}/workers/{workerId}',
  handler: 'functions/http/contracts/update-worker.handler.ts',
  access: ['operator'],
  summary: '花名册：修改社工资格、电话或离岗日期',
  tag: 'contracts',
  request: { params: WorkerParams, body: UpdateWorkerBody },
  response: { status: 200, schema: WorkerView, description: '已修改' },
} as const satisfies RouteDefinition;

export const revealWorkerRoute = {
  method: 'POST',
  path: '/contracts/{id}/workers/{workerId}/personal-data',
  handler: 'functions/http/contracts/reveal-worker.handler.ts',
  access: ['operator', 'district_civil_affairs'],
  summary: '查看社工完整身份证号与电话（敏感个人信息：仅聘用的承接方与购买方区县民政，每次查看记入审计）',
  tag: 'contracts',
  request: { params: WorkerParams },
  response: { status: 200, schema: WorkerView, description: '含完整身份证号与电话' },
} as const satisfies RouteDefinition;

export const putNeedsSurveyRoute = {
  method: 'PUT',
  path: '/contracts/{id}/service-years/{year}/needs-survey',
  handler: 'functions/http/contracts/put-needs-survey.handler.ts',
  access: ['operator'],
  summary: '起草或修订需求调研（修订后须双方重新确认）（R9.2）',
  tag: 'service-delivery',
  request: { params: YearParams, body: NeedsSurveyBody },
  response: { status: 200, schema: NeedsSurveyView, description: '已保存' },
} as const satisfies RouteDefinition;

export const getNeedsSurveyRoute = {
  method: 'GET',
  path: '/contracts/{id}/service-years/{year}/needs-survey',
  handler: 'functions/http/contracts/get-needs-survey.handler.ts',
  access: CONTRACT_READERS,
  summary: '需求调研及双方确认情况',
  tag: 'service-delivery',
  request: { params: YearParams },
  response: { status: 200, schema: NeedsSurveyView, description: '需求调研' },
} as const satisfies RouteDefinition;

export const confirmNeedsSurveyRoute = {
  method: 'POST',
  path: '/contracts/{id}/service-years/{year}/needs-survey/confirmations',
  handler: 'functions/http/contracts/confirm-needs-survey.handler.ts',
  access: ['operator', 'street_office'],
  summary: '承接方或街道确认需求调研（R9.2）',
  tag: 'service-delivery',
  request: { params: YearParams, body: ConfirmationBody },
  response: { status: 200, schema: NeedsSurveyView, description: '已确认' },
} as const satisfies RouteDefinition;

export const putTaskBookRoute = {
  method: 'PUT',
  path: '/contracts/{id}/service-years/{year}/task-book',
  handler: 'functions/http/contracts/put-task-book.handler.ts',
  access: ['operator'],
  summary: '起草或修订项目任务书；禁止类别不得列入（R8.1、R9.2）',
  tag: 'service-delivery',
  request: { params: YearParams, body: TaskBookBody },
  response: { status: 200, schema: TaskBookView, description: '已保存' },
} as const satisfies RouteDefinition;

export const getTaskBookRoute = {
  method: 'GET',
  path: '/contracts/{id}/service-years/{year}/task-book',
  handler: 'functions/http/contracts/get-task-book.handler.ts',
  access: CONTRACT_READERS,
  summary: '项目任务书、确认情况、进度与任务完成率',
  tag: 'service-delivery',
  request: { params: YearParams },
  response: { status: 200, schema: TaskBookView, description: '任务书' },
} as const satisfies RouteDefinition;

export const confirmTaskBookRoute = {
  method: 'POST',
  path: '/contracts/{id}/service-years/{year}/task-book/confirmations',
  handler: 'functions/http/contracts/confirm-task-book.handler.ts',
  access: ['operator', 'street_office'],
  summary: '承接方或街道确认任务书；双方确认后生效（R9.2）',
  tag: 'service-delivery',
  request: { params: YearParams, body: ConfirmationBody },
  response: { status: 200, schema: TaskBookView, description: '已确认' },
} as const satisfies RouteDefinition;

export const putTaskProgressRoute = {
  method: 'PUT',
  path: '/contracts/{id}/service-years/{year}/task-book/tasks/{taskId}/progress',
  handler: 'functions/http/contracts/put-task-progress.handler.ts',
  access: ['operator'],
  summary: '记录任务进度（目标与实际）',
  tag: 'service-delivery',
  request: { params: TaskParams, body: ProgressBody },
  response: { status: 200, schema: ProgressView, description: '已记录' },
} as const satisfies RouteDefinition;

export const addSupervisionSessionRoute = {
  method: 'POST',
  path: '/contracts/{id}/supervision-sessions',
  handler: 'functions/http/contracts/add-supervision-session.handler.ts',
  access: ['operator'],
  summary: '记录督导（督导者、受督导社工、时长、主题）（R14.1）',
  tag: 'service-delivery',
  request: { params: ContractParams, body: SupervisionBody },
  response: { status: 201, schema: SupervisionSessionView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listSupervisionSessionsRoute = {
  method: 'GET',
  path: '/contracts/{id}/supervision-sessions',
  handler: 'functions/http/contracts/list-supervision-sessions.handler.ts',
  access: CONTRACT_READERS,
  summary: '督导记录',
  tag: 'service-delivery',
  request: { params: ContractParams, query: RecordsQuery },
  response: { status: 200, schema: SupervisionSessionList, description: '督导记录' },
} as const satisfies RouteDefinition;

export const addMeetingRoute = {
  method: 'POST',
  path: '/contracts/{id}/coordination-meetings',
  handler: 'functions/http/contracts/add-meeting.handler.ts',
  access: ['district_civil_affairs', 'street_office', 'operator'],
  summary: '记录协调会议（R8.2）',
  tag: 'service-delivery',
  request: { params: ContractParams, body: MeetingBody },
  response: { status: 201, schema: CoordinationMeetingView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listMeetingsRoute = {
  method: 'GET',
  path: '/contracts/{id}/coordination-meetings',
  handler: 'functions/http/contracts/list-meetings.handler.ts',
  access: CONTRACT_READERS,
  summary: '协调会议记录',
  tag: 'service-delivery',
  request: { params: ContractParams, query: RecordsQuery },
  response: { status: 200, schema: CoordinationMeetingList, description: '会议记录' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const contractsRoutes = {
  createContract: createContractRoute,
  listContracts: listContractsRoute,
  getContract: getContractRoute,
  updateContract: updateContractRoute,
  changeContractStatus: changeContractStatusRoute,
  putKeyDomains: putKeyDomainsRoute,
  addWorker: addWorkerRoute,
  listWorkers: listWorkersRoute,
  updateWorker: updateWorkerRoute,
  revealWorker: revealWorkerRoute,
  putNeedsSurvey: putNeedsSurveyRoute,
  getNeedsSurvey: getNeedsSurveyRoute,
  confirmNeedsSurvey: confirmNeedsSurveyRoute,
  putTaskBook: putTaskBookRoute,
  getTaskBook: getTaskBookRoute,
  confirmTaskBook: confirmTaskBookRoute,
  putTaskProgress: putTaskProgressRoute,
  addSupervisionSession: addSupervisionSessionRoute,
  listSupervisionSessions: listSupervisionSessionsRoute,
  addMeeting: addMeetingRoute,
  listMeetings: listMeetingsRoute,
} as const satisfies Record<string, RouteDefinition>;
