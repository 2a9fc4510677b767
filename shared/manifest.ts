import type { z } from 'zod';
import { AuditPage, ListAuditQuery } from '#shared/contracts/audit.schema';
import {
  CalendarYearBody,
  CalendarYearParams,
  CalendarYearView,
  WorkingDaysQuery,
  WorkingDaysView,
} from '#shared/contracts/calendar.schema';
import {
  ConfirmationBody,
  ContractPage,
  ContractParams,
  ContractStatusBody,
  ContractView,
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
  RecordList,
  RecordsQuery,
  RecordView,
  ReferralBody,
  SafetyCheckBody,
  SupervisionBody,
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
import { DivisionsView } from '#shared/contracts/divisions.schema';
import { HealthView } from '#shared/contracts/health.schema';
import {
  ApplicationPage,
  ApplicationParams,
  ApplicationView,
  CreateApplicationBody,
  DecisionBody,
  ListApplicationsQuery,
} from '#shared/contracts/platform.schema';
import {
  CreatePolicyBody,
  ListPoliciesQuery,
  PoliciesView,
  PolicyVersionView,
} from '#shared/contracts/policies.schema';
import {
  DownloadUrlView,
  InspectionBody,
  InspectionList,
  InspectionsQuery,
  InspectionView,
  ListNotificationsQuery,
  ListReportsQuery,
  NotificationPage,
  NotificationParams,
  NotificationSettingsBody,
  NotificationSettingsView,
  NotificationView,
  ReportDetailView,
  ReportSlotPage,
  ReportSlotView,
  ReviewBody,
  SlotParams,
  SlotVersionParams,
  TimelinessQuery,
  TimelinessView,
  UploadUrlBody,
  UploadUrlView,
} from '#shared/contracts/reports.schema';
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
import { ROLES, type Role } from '#shared/domain/access/roles';

/**
 * The one declaration of the system's surface: every HTTP route, scheduled job and storage trigger. The CDK app
 * (infra/) and the local runtime (infra/local/) are both built from it, the OpenAPI document is generated from
 * it, and the HTTP handler factory reads each route's access and schemas from it, so none of them can drift.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/stations/{id}`. */
  readonly path: string;
  /** Module (from the repository root) exporting `handler`. */
  readonly handler: string;
  /** `public`, or the roles allowed; scope is checked against the record by the use case. */
  readonly access: 'public' | readonly Role[];
  readonly summary: string;
  readonly tag: string;
  readonly request?: {
    readonly params?: z.ZodType;
    readonly query?: z.ZodType;
    readonly body?: z.ZodType;
  };
  /** Success status and body schema (for OpenAPI). */
  readonly response: { readonly status: number; readonly schema?: z.ZodType; readonly description: string };
  /** Presigned S3 access the route hands out (the function's role must hold it): PUT or GET under a prefix. */
  readonly storage?: {
    readonly bucket: BucketName;
    readonly presign: 'put' | 'get';
    readonly prefix: string;
  };
  /** The route notifies parties, which on AWS also sends e-mail through SES. */
  readonly notifies?: boolean;
}

const CITY_AND_DISTRICT_READERS: readonly Role[] = [
  'city_civil_affairs',
  'city_finance',
  'district_civil_affairs',
  'district_finance',
  'street_office',
  'auditor',
];
const EVERY_ROLE: readonly Role[] = ROLES;
const CONTRACT_READERS: readonly Role[] = [...CITY_AND_DISTRICT_READERS, 'operator'];

export const routes = {
  getHealth: {
    method: 'GET',
    path: '/health',
    handler: 'functions/http/meta/get-health.handler.ts',
    access: 'public',
    summary: '健康检查',
    tag: 'meta',
    response: { status: 200, schema: HealthView, description: '服务正常' },
  },
  getOpenApi: {
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/http/meta/get-openapi.handler.ts',
    access: 'public',
    summary: 'OpenAPI 3.1 接口文档',
    tag: 'meta',
    response: { status: 200, description: 'OpenAPI 文档' },
  },
  listDivisions: {
    method: 'GET',
    path: '/divisions',
    handler: 'functions/http/divisions/list-divisions.handler.ts',
    access: 'public',
    summary: '济南市区县及街道（镇）区划（R2.1）',
    tag: 'divisions',
    response: { status: 200, schema: DivisionsView, description: '区县级单位及其街道/镇' },
  },
  createStation: {
    method: 'POST',
    path: '/stations',
    handler: 'functions/http/stations/create-station.handler.ts',
    access: ['district_civil_affairs'],
    summary: '新建社工站（R2.1，每个街道/镇仅一个在运行的社工站）',
    tag: 'stations',
    request: { body: CreateStationBody },
    response: { status: 201, schema: StationView, description: '已创建' },
  },
  listStations: {
    method: 'GET',
    path: '/stations',
    handler: 'functions/http/stations/list-stations.handler.ts',
    access: CITY_AND_DISTRICT_READERS,
    summary: '社工站列表（按区县、街道筛选，分页）',
    tag: 'stations',
    request: { query: ListStationsQuery },
    response: { status: 200, schema: StationPage, description: '一页社工站' },
  },
  getStation: {
    method: 'GET',
    path: '/stations/{id}',
    handler: 'functions/http/stations/get-station.handler.ts',
    access: CITY_AND_DISTRICT_READERS,
    summary: '社工站详情',
    tag: 'stations',
    request: { params: StationParams },
    response: { status: 200, schema: StationView, description: '社工站' },
  },
  updateStation: {
    method: 'PATCH',
    path: '/stations/{id}',
    handler: 'functions/http/stations/update-station.handler.ts',
    access: ['district_civil_affairs'],
    summary: '修改社工站基本信息或状态',
    tag: 'stations',
    request: { params: StationParams, body: UpdateStationBody },
    response: { status: 200, schema: StationView, description: '已修改' },
  },
  putStationSite: {
    method: 'PUT',
    path: '/stations/{id}/site',
    handler: 'functions/http/stations/put-station-site.handler.ts',
    access: ['district_civil_affairs', 'street_office'],
    summary: '服务场地：选址、办公设备、功能区（R5.1、R5.2）',
    tag: 'stations',
    request: { params: StationParams, body: SiteBody },
    response: { status: 200, schema: StationView, description: '已保存' },
  },
  putStationSignage: {
    method: 'PUT',
    path: '/stations/{id}/signage',
    handler: 'functions/http/stations/put-station-signage.handler.ts',
    access: ['district_civil_affairs', 'street_office'],
    summary: '标识：户外、室内挂牌及照片（R6.1）',
    tag: 'stations',
    request: { params: StationParams, body: SignageBody },
    response: { status: 200, schema: StationView, description: '已保存' },
  },
  putStationWorkSystems: {
    method: 'PUT',
    path: '/stations/{id}/work-systems',
    handler: 'functions/http/stations/put-station-work-systems.handler.ts',
    access: ['district_civil_affairs', 'street_office'],
    summary: '工作制度（R7.1）',
    tag: 'stations',
    request: { params: StationParams, body: WorkSystemsBody },
    response: { status: 200, schema: StationView, description: '已保存' },
  },
  getStationCompliance: {
    method: 'GET',
    path: '/stations/{id}/compliance',
    handler: 'functions/http/stations/get-station-compliance.handler.ts',
    access: CITY_AND_DISTRICT_READERS,
    summary: '建设规范核查：R5–R7 每一项及其条款',
    tag: 'stations',
    request: { params: StationParams },
    response: { status: 200, schema: ComplianceView, description: '核查结果' },
  },
  createContract: {
    method: 'POST',
    path: '/contracts',
    handler: 'functions/http/contracts/create-contract.handler.ts',
    access: ['district_civil_affairs'],
    summary: '登记政府购买服务合同（草稿）：金额、三项经费、人员配备、拨付计划（R3.1、R23.1）',
    tag: 'contracts',
    request: { body: CreateContractBody },
    response: { status: 201, schema: ContractView, description: '已登记' },
  },
  listContracts: {
    method: 'GET',
    path: '/contracts',
    handler: 'functions/http/contracts/list-contracts.handler.ts',
    access: CONTRACT_READERS,
    summary: '服务合同列表（辖区内；承接方仅本机构）',
    tag: 'contracts',
    request: { query: ListContractsQuery },
    response: { status: 200, schema: ContractPage, description: '一页合同' },
  },
  getContract: {
    method: 'GET',
    path: '/contracts/{id}',
    handler: 'functions/http/contracts/get-contract.handler.ts',
    access: CONTRACT_READERS,
    summary: '服务合同详情',
    tag: 'contracts',
    request: { params: ContractParams },
    response: { status: 200, schema: ContractView, description: '合同' },
  },
  updateContract: {
    method: 'PATCH',
    path: '/contracts/{id}',
    handler: 'functions/http/contracts/update-contract.handler.ts',
    access: ['district_civil_affairs'],
    summary: '修改草稿合同的条款',
    tag: 'contracts',
    request: { params: ContractParams, body: UpdateContractBody },
    response: { status: 200, schema: ContractView, description: '已修改' },
  },
  changeContractStatus: {
    method: 'POST',
    path: '/contracts/{id}/status',
    handler: 'functions/http/contracts/change-contract-status.handler.ts',
    access: ['district_civil_affairs'],
    summary: '合同状态：草稿 → 生效 → 完成 | 终止',
    tag: 'contracts',
    request: { params: ContractParams, body: ContractStatusBody },
    response: { status: 200, schema: ContractView, description: '已变更' },
  },
  putKeyDomains: {
    method: 'PUT',
    path: '/contracts/{id}/service-years/{year}/key-domains',
    handler: 'functions/http/contracts/put-key-domains.handler.ts',
    access: ['operator'],
    summary: '确定服务年度的 2–3 个重点服务领域（R4.1）',
    tag: 'contracts',
    request: { params: KeyDomainsParams, body: KeyDomainsBody },
    response: { status: 200, schema: ContractView, description: '已保存' },
  },
  addWorker: {
    method: 'POST',
    path: '/contracts/{id}/workers',
    handler: 'functions/http/contracts/add-worker.handler.ts',
    access: ['operator'],
    summary: '花名册：新增社工（R9.1；身份证号、电话仅掩码显示）',
    tag: 'contracts',
    request: { params: ContractParams, body: CreateWorkerBody },
    response: { status: 201, schema: WorkerView, description: '已新增' },
  },
  listWorkers: {
    method: 'GET',
    path: '/contracts/{id}/workers',
    handler: 'functions/http/contracts/list-workers.handler.ts',
    access: CONTRACT_READERS,
    summary: '花名册（掩码）',
    tag: 'contracts',
    request: { params: ContractParams },
    response: { status: 200, schema: WorkerList, description: '社工名单' },
  },
  updateWorker: {
    method: 'PATCH',
    path: '/contracts/{id}/workers/{workerId}',
    handler: 'functions/http/contracts/update-worker.handler.ts',
    access: ['operator'],
    summary: '花名册：修改社工资格、电话或离岗日期',
    tag: 'contracts',
    request: { params: WorkerParams, body: UpdateWorkerBody },
    response: { status: 200, schema: WorkerView, description: '已修改' },
  },
  putNeedsSurvey: {
    method: 'PUT',
    path: '/contracts/{id}/service-years/{year}/needs-survey',
    handler: 'functions/http/contracts/put-needs-survey.handler.ts',
    access: ['operator'],
    summary: '起草或修订需求调研（修订后须双方重新确认）（R9.2）',
    tag: 'service-delivery',
    request: { params: YearParams, body: NeedsSurveyBody },
    response: { status: 200, schema: NeedsSurveyView, description: '已保存' },
  },
  getNeedsSurvey: {
    method: 'GET',
    path: '/contracts/{id}/service-years/{year}/needs-survey',
    handler: 'functions/http/contracts/get-needs-survey.handler.ts',
    access: CONTRACT_READERS,
    summary: '需求调研及双方确认情况',
    tag: 'service-delivery',
    request: { params: YearParams },
    response: { status: 200, schema: NeedsSurveyView, description: '需求调研' },
  },
  confirmNeedsSurvey: {
    method: 'POST',
    path: '/contracts/{id}/service-years/{year}/needs-survey/confirmations',
    handler: 'functions/http/contracts/confirm-needs-survey.handler.ts',
    access: ['operator', 'street_office'],
    summary: '承接方或街道确认需求调研（R9.2）',
    tag: 'service-delivery',
    request: { params: YearParams, body: ConfirmationBody },
    response: { status: 200, schema: NeedsSurveyView, description: '已确认' },
  },
  putTaskBook: {
    method: 'PUT',
    path: '/contracts/{id}/service-years/{year}/task-book',
    handler: 'functions/http/contracts/put-task-book.handler.ts',
    access: ['operator'],
    summary: '起草或修订项目任务书；禁止类别不得列入（R8.1、R9.2）',
    tag: 'service-delivery',
    request: { params: YearParams, body: TaskBookBody },
    response: { status: 200, schema: TaskBookView, description: '已保存' },
  },
  getTaskBook: {
    method: 'GET',
    path: '/contracts/{id}/service-years/{year}/task-book',
    handler: 'functions/http/contracts/get-task-book.handler.ts',
    access: CONTRACT_READERS,
    summary: '项目任务书、确认情况、进度与任务完成率',
    tag: 'service-delivery',
    request: { params: YearParams },
    response: { status: 200, schema: TaskBookView, description: '任务书' },
  },
  confirmTaskBook: {
    method: 'POST',
    path: '/contracts/{id}/service-years/{year}/task-book/confirmations',
    handler: 'functions/http/contracts/confirm-task-book.handler.ts',
    access: ['operator', 'street_office'],
    summary: '承接方或街道确认任务书；双方确认后生效（R9.2）',
    tag: 'service-delivery',
    request: { params: YearParams, body: ConfirmationBody },
    response: { status: 200, schema: TaskBookView, description: '已确认' },
  },
  putTaskProgress: {
    method: 'PUT',
    path: '/contracts/{id}/service-years/{year}/task-book/tasks/{taskId}/progress',
    handler: 'functions/http/contracts/put-task-progress.handler.ts',
    access: ['operator'],
    summary: '记录任务进度（目标与实际）',
    tag: 'service-delivery',
    request: { params: TaskParams, body: ProgressBody },
    response: { status: 200, schema: ProgressView, description: '已记录' },
  },
  addSupervisionSession: {
    method: 'POST',
    path: '/contracts/{id}/supervision-sessions',
    handler: 'functions/http/contracts/add-supervision-session.handler.ts',
    access: ['operator'],
    summary: '记录督导（督导者、受督导社工、时长、主题）（R14.1）',
    tag: 'service-delivery',
    request: { params: ContractParams, body: SupervisionBody },
    response: { status: 201, schema: RecordView, description: '已记录' },
  },
  listSupervisionSessions: {
    method: 'GET',
    path: '/contracts/{id}/supervision-sessions',
    handler: 'functions/http/contracts/list-supervision-sessions.handler.ts',
    access: CONTRACT_READERS,
    summary: '督导记录',
    tag: 'service-delivery',
    request: { params: ContractParams, query: RecordsQuery },
    response: { status: 200, schema: RecordList, description: '督导记录' },
  },
  addMeeting: {
    method: 'POST',
    path: '/contracts/{id}/coordination-meetings',
    handler: 'functions/http/contracts/add-meeting.handler.ts',
    access: ['district_civil_affairs', 'street_office', 'operator'],
    summary: '记录协调会议（R8.2）',
    tag: 'service-delivery',
    request: { params: ContractParams, body: MeetingBody },
    response: { status: 201, schema: RecordView, description: '已记录' },
  },
  listMeetings: {
    method: 'GET',
    path: '/contracts/{id}/coordination-meetings',
    handler: 'functions/http/contracts/list-meetings.handler.ts',
    access: CONTRACT_READERS,
    summary: '协调会议记录',
    tag: 'service-delivery',
    request: { params: ContractParams, query: RecordsQuery },
    response: { status: 200, schema: RecordList, description: '会议记录' },
  },
  addSafetyCheck: {
    method: 'POST',
    path: '/stations/{id}/safety-checks',
    handler: 'functions/http/stations/add-safety-check.handler.ts',
    access: ['street_office'],
    summary: '街道对社工站的安全检查（R13）',
    tag: 'stations',
    request: { params: StationParams, body: SafetyCheckBody },
    response: { status: 201, schema: RecordView, description: '已记录' },
  },
  listSafetyChecks: {
    method: 'GET',
    path: '/stations/{id}/safety-checks',
    handler: 'functions/http/stations/list-safety-checks.handler.ts',
    access: CITY_AND_DISTRICT_READERS,
    summary: '安全检查记录',
    tag: 'stations',
    request: { params: StationParams },
    response: { status: 200, schema: RecordList, description: '检查记录' },
  },
  addReferral: {
    method: 'POST',
    path: '/stations/{id}/referrals',
    handler: 'functions/http/stations/add-referral.handler.ts',
    access: ['street_office'],
    summary: '转介记录（R13）',
    tag: 'stations',
    request: { params: StationParams, body: ReferralBody },
    response: { status: 201, schema: RecordView, description: '已记录' },
  },
  listReferrals: {
    method: 'GET',
    path: '/stations/{id}/referrals',
    handler: 'functions/http/stations/list-referrals.handler.ts',
    access: CITY_AND_DISTRICT_READERS,
    summary: '转介记录',
    tag: 'stations',
    request: { params: StationParams },
    response: { status: 200, schema: RecordList, description: '转介记录' },
  },
  createPlatformApplication: {
    method: 'POST',
    path: '/platform-applications',
    handler: 'functions/http/platform/create-application.handler.ts',
    access: ['department', 'street_office'],
    summary: '申请利用社工站平台开展外延性服务（市直部门报市民政局，区县部门、街道报区县民政）（R21.1）',
    tag: 'platform',
    request: { body: CreateApplicationBody },
    response: { status: 201, schema: ApplicationView, description: '已提交' },
  },
  listPlatformApplications: {
    method: 'GET',
    path: '/platform-applications',
    handler: 'functions/http/platform/list-applications.handler.ts',
    access: ['city_civil_affairs', 'district_civil_affairs', 'department', 'street_office'],
    summary: '待审核或本单位提交的平台使用申请',
    tag: 'platform',
    request: { query: ListApplicationsQuery },
    response: { status: 200, schema: ApplicationPage, description: '一页申请' },
  },
  getPlatformApplication: {
    method: 'GET',
    path: '/platform-applications/{id}',
    handler: 'functions/http/platform/get-application.handler.ts',
    access: ['city_civil_affairs', 'district_civil_affairs', 'department', 'street_office'],
    summary: '平台使用申请详情',
    tag: 'platform',
    request: { params: ApplicationParams },
    response: { status: 200, schema: ApplicationView, description: '申请' },
  },
  decidePlatformApplication: {
    method: 'POST',
    path: '/platform-applications/{id}/decision',
    handler: 'functions/http/platform/decide-application.handler.ts',
    access: ['city_civil_affairs', 'district_civil_affairs'],
    summary: '审核平台使用申请：批准时登记服务合同，申请方为监管考核方（R21.1）',
    tag: 'platform',
    request: { params: ApplicationParams, body: DecisionBody },
    response: { status: 200, schema: ApplicationView, description: '已审核' },
  },
  putCalendarYear: {
    method: 'PUT',
    path: '/calendar/years/{year}',
    handler: 'functions/http/calendar/put-calendar-year.handler.ts',
    access: ['city_civil_affairs'],
    summary: '录入或更正某年的节假日与调休安排',
    tag: 'calendar',
    request: { params: CalendarYearParams, body: CalendarYearBody },
    response: { status: 200, schema: CalendarYearView, description: '已保存' },
  },
  getWorkingDays: {
    method: 'GET',
    path: '/calendar/working-days',
    handler: 'functions/http/calendar/get-working-days.handler.ts',
    access: 'public',
    summary: '工作日计算（区间内工作日，或起算日加减 N 个工作日）',
    tag: 'calendar',
    request: { query: WorkingDaysQuery },
    response: { status: 200, schema: WorkingDaysView, description: '计算结果' },
  },
  listPolicies: {
    method: 'GET',
    path: '/policies',
    handler: 'functions/http/policies/list-policies.handler.ts',
    access: EVERY_ROLE,
    summary: '政策参数版本及某日适用的版本（R30.1）',
    tag: 'policies',
    request: { query: ListPoliciesQuery },
    response: { status: 200, schema: PoliciesView, description: '版本列表' },
  },
  createPolicy: {
    method: 'POST',
    path: '/policies',
    handler: 'functions/http/policies/create-policy.handler.ts',
    access: ['city_civil_affairs'],
    summary: '新增政策参数版本（R30.1）',
    tag: 'policies',
    request: { body: CreatePolicyBody },
    response: { status: 201, schema: PolicyVersionView, description: '已创建' },
  },
  listAudit: {
    method: 'GET',
    path: '/audit',
    handler: 'functions/http/audit/list-audit.handler.ts',
    access: ['city_civil_affairs', 'district_civil_affairs', 'auditor'],
    summary: '审计记录（本辖区）（R29.1）',
    tag: 'audit',
    request: { query: ListAuditQuery },
    response: { status: 200, schema: AuditPage, description: '一页审计记录' },
  },
  listReports: {
    method: 'GET',
    path: '/reports',
    handler: 'functions/http/reports/list-reports.handler.ts',
    access: CONTRACT_READERS,
    summary: '报告期次列表（本辖区/本机构）（R9.3、R20.1）',
    tag: 'reports',
    request: { query: ListReportsQuery },
    response: { status: 200, schema: ReportSlotPage, description: '一页报告期次' },
  },
  getReportTimeliness: {
    method: 'GET',
    path: '/reports/timeliness',
    handler: 'functions/http/reports/get-report-timeliness.handler.ts',
    access: ['city_civil_affairs', 'district_civil_affairs'],
    summary: '报告按时率：按社工站、区县、月份（B3）',
    tag: 'reports',
    request: { query: TimelinessQuery },
    response: { status: 200, schema: TimelinessView, description: '按时率统计' },
  },
  getReport: {
    method: 'GET',
    path: '/reports/{id}',
    handler: 'functions/http/reports/get-report.handler.ts',
    access: CONTRACT_READERS,
    summary: '报告期次详情：各次上传、校验结果、审阅与阅读回执（R9.4、B2）',
    tag: 'reports',
    request: { params: SlotParams },
    response: { status: 200, schema: ReportDetailView, description: '报告期次' },
  },
  createReportUploadUrl: {
    method: 'POST',
    path: '/reports/{id}/upload-url',
    handler: 'functions/http/reports/create-upload-url.handler.ts',
    access: ['operator', 'district_civil_affairs'],
    summary: '获取报告上传地址（预签名 PUT，限类型与大小，5 分钟有效）（R9.4）',
    tag: 'reports',
    request: { params: SlotParams, body: UploadUrlBody },
    response: { status: 201, schema: UploadUrlView, description: '上传地址' },
    storage: { bucket: 'reports', presign: 'put', prefix: 'uploads/' },
  },
  reviewReport: {
    method: 'POST',
    path: '/reports/{id}/review',
    handler: 'functions/http/reports/review-report.handler.ts',
    access: ['city_civil_affairs', 'district_civil_affairs', 'street_office'],
    summary: '接收方验收或退回报告（R9.3）',
    tag: 'reports',
    request: { params: SlotParams, body: ReviewBody },
    response: { status: 200, schema: ReportSlotView, description: '审阅后的报告期次' },
    notifies: true,
  },
  createReportDownloadUrl: {
    method: 'POST',
    path: '/reports/{id}/versions/{uploadId}/download-url',
    handler: 'functions/http/reports/create-download-url.handler.ts',
    access: CONTRACT_READERS,
    summary: '获取报告版本下载地址；接收方首次打开记阅读回执（B2）',
    tag: 'reports',
    request: { params: SlotVersionParams },
    response: { status: 200, schema: DownloadUrlView, description: '下载地址' },
    storage: { bucket: 'reports', presign: 'get', prefix: 'reports/' },
  },
  listNotifications: {
    method: 'GET',
    path: '/notifications',
    handler: 'functions/http/notifications/list-notifications.handler.ts',
    access: EVERY_ROLE,
    summary: '本单位通知收件箱',
    tag: 'notifications',
    request: { query: ListNotificationsQuery },
    response: { status: 200, schema: NotificationPage, description: '一页通知（新在前）' },
  },
  markNotificationRead: {
    method: 'POST',
    path: '/notifications/{id}/read',
    handler: 'functions/http/notifications/mark-notification-read.handler.ts',
    access: EVERY_ROLE,
    summary: '标记通知已读',
    tag: 'notifications',
    request: { params: NotificationParams },
    response: { status: 200, schema: NotificationView, description: '已读通知' },
  },
  getNotificationSettings: {
    method: 'GET',
    path: '/notification-settings',
    handler: 'functions/http/notifications/get-notification-settings.handler.ts',
    access: EVERY_ROLE,
    summary: '本单位通知邮箱',
    tag: 'notifications',
    response: { status: 200, schema: NotificationSettingsView, description: '通知设置' },
  },
  putNotificationSettings: {
    method: 'PUT',
    path: '/notification-settings',
    handler: 'functions/http/notifications/put-notification-settings.handler.ts',
    access: EVERY_ROLE,
    summary: '设置本单位通知邮箱（AWS 上经 SES 发送）',
    tag: 'notifications',
    request: { body: NotificationSettingsBody },
    response: { status: 200, schema: NotificationSettingsView, description: '通知设置' },
  },
  createInspection: {
    method: 'POST',
    path: '/inspections',
    handler: 'functions/http/reports/create-inspection.handler.ts',
    access: ['city_civil_affairs', 'city_finance'],
    summary: '记录年度督导检查（R20.1）',
    tag: 'reports',
    request: { body: InspectionBody },
    response: { status: 201, schema: InspectionView, description: '已记录' },
  },
  listInspections: {
    method: 'GET',
    path: '/inspections',
    handler: 'functions/http/reports/list-inspections.handler.ts',
    access: ['city_civil_affairs', 'city_finance', 'district_civil_affairs'],
    summary: '年度督导检查记录（R20.1）',
    tag: 'reports',
    request: { query: InspectionsQuery },
    response: { status: 200, schema: InspectionList, description: '检查记录' },
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof routes;

/** A scheduled job. `schedule` is an EventBridge Scheduler cron expression, evaluated in `timeZone`. */
export interface JobDefinition {
  readonly schedule: string;
  readonly timeZone: 'Asia/Shanghai';
  readonly handler: string;
  readonly description: string;
}

export const jobs = {
  'evaluation-window-alerts': {
    schedule: 'cron(0 8 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/evaluation-window-alerts.handler.ts',
    description: 'R16.1 评估窗口提醒与逾期上报（每日）',
  },
  'november-report-deadlines': {
    schedule: 'cron(0 9 * 11-12 ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/november-report-deadlines.handler.ts',
    description: 'R20.1 区县年度报告 11 月底截止：提醒与逾期（11、12 月每日）',
  },
  'publicity-closing': {
    schedule: 'cron(10 0 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/publicity-closing.handler.ts',
    description: 'R18.1 公示期届满关闭（每日运行，按工作日历判断是否届满）',
  },
  'report-deadlines': {
    schedule: 'cron(30 8 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/report-deadlines.handler.ts',
    description: 'R9.3 报告提醒与逾期标记（每日）',
  },
  'complaint-handover-deadlines': {
    schedule: 'cron(45 8 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/complaint-handover-deadlines.handler.ts',
    description: 'R15.1 投诉时限、R10.2 档案移交时限（每日）',
  },
} as const satisfies Record<string, JobDefinition>;

export type JobId = keyof typeof jobs;

/** Buckets by logical name; the physical names come from configuration. */
export type BucketName = 'reports' | 'archive';

export interface TriggerDefinition {
  readonly bucket: BucketName;
  readonly prefix: string;
  readonly events: readonly ['s3:ObjectCreated:*'];
  readonly handler: string;
  readonly description: string;
  /** Data files (repository-relative) the handler reads at run time; the CDK copies them into its bundle. */
  readonly bundleFiles?: readonly string[];
}

export const triggers = {
  'validate-report': {
    bucket: 'reports',
    prefix: 'uploads/',
    events: ['s3:ObjectCreated:*'],
    handler: 'functions/storage/validate-report.handler.ts',
    description: 'R9.4 报告上传后校验',
    // pdf.js's CMaps and standard fonts: without them Chinese PDFs in predefined CJK encodings yield no text.
    bundleFiles: [
      'node_modules/pdfjs-dist/package.json',
      'node_modules/pdfjs-dist/cmaps',
      'node_modules/pdfjs-dist/standard_fonts',
    ],
  },
} as const satisfies Record<string, TriggerDefinition>;

/** Runs after each deployment (and at local start): idempotent seeding of reference data. */
export const seedHandler = 'functions/seed/seed-reference-data.handler.ts';
