import type { z } from 'zod';
import {
  ArchiveCataloguesView,
  ArchiveCatalogueView,
  ArchivesQuery,
} from '#shared/contracts/archives.schema';
import { AuditPage, ListAuditQuery } from '#shared/contracts/audit.schema';
import {
  CalendarYearBody,
  CalendarYearParams,
  CalendarYearView,
  WorkingDaysQuery,
  WorkingDaysView,
} from '#shared/contracts/calendar.schema';
import {
  AcknowledgeBody,
  CloseComplaintBody,
  ComplaintList,
  ComplaintParams,
  ComplaintReceipt,
  ComplaintStatusView,
  ComplaintView,
  FileComplaintBody,
  ListComplaintsQuery,
  StatementBody,
  StatementRequestBody,
  TrackingParams,
} from '#shared/contracts/complaints.schema';
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
  RecordList,
  RecordsQuery,
  RecordView,
  ReferralBody,
  SafetyCheckBody,
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
import {
  PublicStationPage,
  PublicStationSummaryView,
  PublicStationsQuery,
} from '#shared/contracts/directory.schema';
import { DivisionsView } from '#shared/contracts/divisions.schema';
import {
  CommissionBody,
  ContractIdParams,
  CreateTemplateBody,
  EvaluationList,
  EvaluationParams,
  EvaluationTemplateView,
  EvaluationView,
  ListEvaluationsQuery,
  ListObjectionsQuery,
  ObjectionBody,
  ObjectionContactView,
  ObjectionDecisionBody,
  ObjectionList,
  ObjectionParams,
  ObjectionReceipt,
  ObjectionView,
  PublicityList,
  PublicityParams,
  PublicityQuery,
  PublicityView,
  ScoresBody,
  TemplatesView,
  VersionBody,
} from '#shared/contracts/evaluations.schema';
import {
  AllocationBody,
  AllocationList,
  AllocationQuery,
  AllocationView,
  BudgetBody,
  BudgetList,
  BudgetParams,
  BudgetView,
  BudgetYearParams,
  DisbursementBody,
  DisbursementView,
  DownloadView,
  ContractParams as FundsContractParams,
  LedgerBody,
  LedgerEntryParams,
  LedgerEntryView,
  LedgerView,
  OcdsParams,
  OcdsView,
  PaymentsView,
  PerformanceView,
  PublicFundsQuery,
  PublicFundsView,
  RecoveryList,
  RecoveryParams,
  RecoveryQuery,
  RecoveryView,
  RepaymentBody,
  VoucherUrlBody,
  VoucherUrlView,
  YearQuery,
} from '#shared/contracts/funds.schema';
import {
  AgreementBody,
  ExitBody,
  ContractIdParams as HandoverContractParams,
  HandoverItemBody,
  HandoverItemParams,
  HandoverParams,
  HandoverVersionBody,
  AnyView as HandoverView,
  ServiceRecordBody,
  ServiceRecordParams,
  TransferBody,
} from '#shared/contracts/handover.schema';
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
  ListRectificationsQuery,
  RaiseRectificationBody,
  RectificationEvidenceBody,
  RectificationPage,
  RectificationParams,
  RectificationView,
  VerifyRectificationBody,
} from '#shared/contracts/rectification.schema';
import {
  DeliveryPage,
  DownloadUrlView,
  InspectionBody,
  InspectionList,
  InspectionsQuery,
  InspectionView,
  ListDeliveriesQuery,
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
 *
 * Each route is its own top-level constant (`<id>Route`) and a handler imports only its own: with the package
 * marked free of side effects (package.json `sideEffects`), esbuild then leaves every other route, and the
 * contract modules only they use, out of the handler's bundle.
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
  /**
   * Presigned S3 access the route uses (the function's role must hold it): PUT or GET under a prefix; a HEAD is
   * authorised as GET. `checksExistence`: the route asks whether an object exists, for which S3 answers 404 only
   * to a role that may list the prefix (otherwise 403), so the role also gets s3:ListBucket for that prefix.
   */
  readonly storage?: {
    readonly bucket: BucketName;
    readonly presign: 'put' | 'get';
    readonly prefix: string;
    readonly checksExistence?: boolean;
  };
  /**
   * The route e-mails the notices it commits right after the commit (SES on AWS). Never a public route: a function
   * anyone can call may not send mail, so a public route's notices (fileComplaint, lodgeObjection) are delivered by
   * the notice-delivery job, 5 to 6 minutes on; their inbox entries are there at once. SMS and webhooks are sent by
   * that job alone (it holds their secrets and may open phones).
   */
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
const FUNDS_READERS: readonly Role[] = [...CONTRACT_READERS];
const DISTRICT_FIGURES: readonly Role[] = [
  'city_civil_affairs',
  'city_finance',
  'district_civil_affairs',
  'district_finance',
  'auditor',
];
/** A report slot is read by the contract's readers and, for its evaluation report, the commissioned third party. */
const REPORT_READERS: readonly Role[] = [...CONTRACT_READERS, 'third_party'];
/** An evaluation is read by its district, street office and commissioned third party, the city and auditors. */
const EVALUATION_READERS: readonly Role[] = [...CITY_AND_DISTRICT_READERS, 'third_party'];

export const getHealthRoute = {
  method: 'GET',
  path: '/health',
  handler: 'functions/http/meta/get-health.handler.ts',
  access: 'public',
  summary: '健康检查',
  tag: 'meta',
  response: { status: 200, schema: HealthView, description: '服务正常' },
} as const satisfies RouteDefinition;

export const getOpenApiRoute = {
  method: 'GET',
  path: '/openapi.json',
  handler: 'functions/http/meta/get-openapi.handler.ts',
  access: 'public',
  summary: 'OpenAPI 3.1 接口文档',
  tag: 'meta',
  response: { status: 200, description: 'OpenAPI 文档' },
} as const satisfies RouteDefinition;

export const listDivisionsRoute = {
  method: 'GET',
  path: '/divisions',
  handler: 'functions/http/divisions/list-divisions.handler.ts',
  access: 'public',
  summary: '济南市区县及街道（镇）区划（R2.1）',
  tag: 'divisions',
  response: { status: 200, schema: DivisionsView, description: '区县级单位及其街道/镇' },
} as const satisfies RouteDefinition;

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

export const putCalendarYearRoute = {
  method: 'PUT',
  path: '/calendar/years/{year}',
  handler: 'functions/http/calendar/put-calendar-year.handler.ts',
  access: ['city_civil_affairs'],
  summary: '录入或更正某年的节假日与调休安排',
  tag: 'calendar',
  request: { params: CalendarYearParams, body: CalendarYearBody },
  response: { status: 200, schema: CalendarYearView, description: '已保存' },
} as const satisfies RouteDefinition;

export const getWorkingDaysRoute = {
  method: 'GET',
  path: '/calendar/working-days',
  handler: 'functions/http/calendar/get-working-days.handler.ts',
  access: 'public',
  summary: '工作日计算（区间内工作日，或起算日加减 N 个工作日）',
  tag: 'calendar',
  request: { query: WorkingDaysQuery },
  response: { status: 200, schema: WorkingDaysView, description: '计算结果' },
} as const satisfies RouteDefinition;

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

export const listAuditRoute = {
  method: 'GET',
  path: '/audit',
  handler: 'functions/http/audit/list-audit.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'auditor'],
  summary: '审计记录（本辖区）（R29.1）',
  tag: 'audit',
  request: { query: ListAuditQuery },
  response: { status: 200, schema: AuditPage, description: '一页审计记录' },
} as const satisfies RouteDefinition;

export const listReportsRoute = {
  method: 'GET',
  path: '/reports',
  handler: 'functions/http/reports/list-reports.handler.ts',
  access: CONTRACT_READERS,
  summary: '报告期次列表（本辖区/本机构）（R9.3、R20.1）',
  tag: 'reports',
  request: { query: ListReportsQuery },
  response: { status: 200, schema: ReportSlotPage, description: '一页报告期次' },
} as const satisfies RouteDefinition;

export const getReportTimelinessRoute = {
  method: 'GET',
  path: '/reports/timeliness',
  handler: 'functions/http/reports/get-report-timeliness.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs'],
  summary: '报告按时率：按社工站、区县、月份（B3）',
  tag: 'reports',
  request: { query: TimelinessQuery },
  response: { status: 200, schema: TimelinessView, description: '按时率统计' },
} as const satisfies RouteDefinition;

export const getReportRoute = {
  method: 'GET',
  path: '/reports/{id}',
  handler: 'functions/http/reports/get-report.handler.ts',
  access: REPORT_READERS,
  summary: '报告期次详情：各次上传、校验结果、审阅与阅读回执（R9.4、B2）',
  tag: 'reports',
  request: { params: SlotParams },
  response: { status: 200, schema: ReportDetailView, description: '报告期次' },
} as const satisfies RouteDefinition;

export const createReportUploadUrlRoute = {
  method: 'POST',
  path: '/reports/{id}/upload-url',
  handler: 'functions/http/reports/create-upload-url.handler.ts',
  access: ['operator', 'district_civil_affairs', 'third_party'],
  summary:
    '获取报告上传地址（预签名 PUT，限类型与大小，5 分钟有效）：承接方、区县（年度报告）、第三方（评估报告）（R9.4）',
  tag: 'reports',
  request: { params: SlotParams, body: UploadUrlBody },
  response: { status: 201, schema: UploadUrlView, description: '上传地址' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'uploads/' },
} as const satisfies RouteDefinition;

export const reviewReportRoute = {
  method: 'POST',
  path: '/reports/{id}/review',
  handler: 'functions/http/reports/review-report.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs', 'street_office'],
  summary: '接收方验收或退回报告（R9.3）',
  tag: 'reports',
  request: { params: SlotParams, body: ReviewBody },
  response: { status: 200, schema: ReportSlotView, description: '审阅后的报告期次' },
  notifies: true,
} as const satisfies RouteDefinition;

export const createReportDownloadUrlRoute = {
  method: 'POST',
  path: '/reports/{id}/versions/{uploadId}/download-url',
  handler: 'functions/http/reports/create-download-url.handler.ts',
  access: REPORT_READERS,
  summary: '获取报告版本下载地址；接收方首次打开记阅读回执（B2）',
  tag: 'reports',
  request: { params: SlotVersionParams },
  response: { status: 200, schema: DownloadUrlView, description: '下载地址' },
  storage: { bucket: 'reports', presign: 'get', prefix: 'reports/' },
} as const satisfies RouteDefinition;

export const listNotificationsRoute = {
  method: 'GET',
  path: '/notifications',
  handler: 'functions/http/notifications/list-notifications.handler.ts',
  access: EVERY_ROLE,
  summary: '本单位通知收件箱',
  tag: 'notifications',
  request: { query: ListNotificationsQuery },
  response: { status: 200, schema: NotificationPage, description: '一页通知（新在前）' },
} as const satisfies RouteDefinition;

export const markNotificationReadRoute = {
  method: 'POST',
  path: '/notifications/{id}/read',
  handler: 'functions/http/notifications/mark-notification-read.handler.ts',
  access: EVERY_ROLE,
  summary: '标记通知已读',
  tag: 'notifications',
  request: { params: NotificationParams },
  response: { status: 200, schema: NotificationView, description: '已读通知' },
} as const satisfies RouteDefinition;

export const getNotificationSettingsRoute = {
  method: 'GET',
  path: '/notification-settings',
  handler: 'functions/http/notifications/get-notification-settings.handler.ts',
  access: EVERY_ROLE,
  summary: '本单位通知邮箱与手机号（手机号掩码显示）',
  tag: 'notifications',
  response: { status: 200, schema: NotificationSettingsView, description: '通知设置' },
} as const satisfies RouteDefinition;

export const putNotificationSettingsRoute = {
  method: 'PUT',
  path: '/notification-settings',
  handler: 'functions/http/notifications/put-notification-settings.handler.ts',
  access: EVERY_ROLE,
  summary: '设置本单位通知邮箱与接收短信的手机号（手机号加密存储）',
  tag: 'notifications',
  request: { body: NotificationSettingsBody },
  response: { status: 200, schema: NotificationSettingsView, description: '通知设置' },
} as const satisfies RouteDefinition;

export const listNotificationDeliveriesRoute = {
  method: 'GET',
  path: '/notification-deliveries',
  handler: 'functions/http/notifications/list-notification-deliveries.handler.ts',
  access: ['city_civil_affairs', 'city_finance', 'district_civil_affairs', 'district_finance', 'auditor'],
  summary: '最终未送达的通知发送记录（区县看本区县，市级看全部）',
  tag: 'notifications',
  request: { query: ListDeliveriesQuery },
  response: { status: 200, schema: DeliveryPage, description: '一页发送记录（先失败的在前）' },
} as const satisfies RouteDefinition;

export const createInspectionRoute = {
  method: 'POST',
  path: '/inspections',
  handler: 'functions/http/reports/create-inspection.handler.ts',
  access: ['city_civil_affairs', 'city_finance'],
  summary: '记录年度督导检查（R20.1）',
  tag: 'reports',
  request: { body: InspectionBody },
  response: { status: 201, schema: InspectionView, description: '已记录' },
} as const satisfies RouteDefinition;

export const listInspectionsRoute = {
  method: 'GET',
  path: '/inspections',
  handler: 'functions/http/reports/list-inspections.handler.ts',
  access: ['city_civil_affairs', 'city_finance', 'district_civil_affairs'],
  summary: '年度督导检查记录（R20.1）',
  tag: 'reports',
  request: { query: InspectionsQuery },
  response: { status: 200, schema: InspectionList, description: '检查记录' },
} as const satisfies RouteDefinition;

export const listEvaluationTemplatesRoute = {
  method: 'GET',
  path: '/evaluation-templates',
  handler: 'functions/http/evaluations/list-evaluation-templates.handler.ts',
  access: EVERY_ROLE,
  summary: '评估指标模板（附件3）各版本与现行版本（R16.2）',
  tag: 'evaluations',
  response: { status: 200, schema: TemplatesView, description: '模板版本' },
} as const satisfies RouteDefinition;

export const createEvaluationTemplateRoute = {
  method: 'POST',
  path: '/evaluation-templates',
  handler: 'functions/http/evaluations/create-evaluation-template.handler.ts',
  access: ['city_civil_affairs'],
  summary: '发布评估指标模板新版本（R16.2）',
  tag: 'evaluations',
  request: { body: CreateTemplateBody },
  response: { status: 201, schema: EvaluationTemplateView, description: '新版本' },
} as const satisfies RouteDefinition;

export const commissionEvaluationRoute = {
  method: 'POST',
  path: '/contracts/{id}/evaluations',
  handler: 'functions/http/evaluations/commission-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary: '委托第三方评估合同的一个服务年度（R16.1）',
  tag: 'evaluations',
  request: { params: ContractIdParams, body: CommissionBody },
  response: { status: 201, schema: EvaluationView, description: '已委托' },
  notifies: true,
} as const satisfies RouteDefinition;

export const listEvaluationsRoute = {
  method: 'GET',
  path: '/evaluations',
  handler: 'functions/http/evaluations/list-evaluations.handler.ts',
  access: EVALUATION_READERS,
  summary: '评估列表（本辖区/受委托）',
  tag: 'evaluations',
  request: { query: ListEvaluationsQuery },
  response: { status: 200, schema: EvaluationList, description: '评估' },
} as const satisfies RouteDefinition;

export const getEvaluationRoute = {
  method: 'GET',
  path: '/evaluations/{id}',
  handler: 'functions/http/evaluations/get-evaluation.handler.ts',
  access: EVALUATION_READERS,
  summary: '评估详情：窗口、各方得分、总分与等级（R17.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams },
  response: { status: 200, schema: EvaluationView, description: '评估' },
} as const satisfies RouteDefinition;

export const putEvaluationScoresRoute = {
  method: 'PUT',
  path: '/evaluations/{id}/scores',
  handler: 'functions/http/evaluations/put-evaluation-scores.handler.ts',
  access: ['third_party', 'district_civil_affairs', 'street_office'],
  summary: '评分：第三方按指标、区县与街道百分制（R16.2、R17.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: ScoresBody },
  response: { status: 200, schema: EvaluationView, description: '评分后的评估' },
} as const satisfies RouteDefinition;

export const confirmEvaluationRoute = {
  method: 'POST',
  path: '/evaluations/{id}/confirmation',
  handler: 'functions/http/evaluations/confirm-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary: '区县确认评估报告（R18.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: VersionBody },
  response: { status: 200, schema: EvaluationView, description: '已确认' },
} as const satisfies RouteDefinition;

export const publishEvaluationRoute = {
  method: 'POST',
  path: '/evaluations/{id}/publicity',
  handler: 'functions/http/evaluations/publish-evaluation.handler.ts',
  access: ['district_civil_affairs'],
  summary: '公示评估结果，不少于 5 个工作日（R18.1）',
  tag: 'evaluations',
  request: { params: EvaluationParams, body: VersionBody },
  response: { status: 201, schema: PublicityView, description: '公示' },
  notifies: true,
} as const satisfies RouteDefinition;

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

export const listObjectionsRoute = {
  method: 'GET',
  path: '/objections',
  handler: 'functions/http/evaluations/list-objections.handler.ts',
  access: ['city_civil_affairs', 'district_civil_affairs'],
  summary: '公示质疑及处理意见（市民政局可见全部）（R18.1）',
  tag: 'evaluations',
  request: { query: ListObjectionsQuery },
  response: { status: 200, schema: ObjectionList, description: '质疑' },
} as const satisfies RouteDefinition;

export const revealObjectionContactRoute = {
  method: 'POST',
  path: '/objections/{id}/contact',
  handler: 'functions/http/evaluations/reveal-objection-contact.handler.ts',
  access: ['district_civil_affairs'],
  summary: '查看质疑人的联系方式（个人信息：仅处理该质疑的区县民政部门，每次查看记入审计）（R18.1）',
  tag: 'evaluations',
  request: { params: ObjectionParams },
  response: { status: 200, schema: ObjectionContactView, description: '联系方式' },
} as const satisfies RouteDefinition;

export const decideObjectionRoute = {
  method: 'POST',
  path: '/objections/{id}/decision',
  handler: 'functions/http/evaluations/decide-objection.handler.ts',
  access: ['district_civil_affairs'],
  summary: '处理质疑：成立则修正后重新公示，不成立须说明理由；处理意见报市民政局（R18.1）',
  tag: 'evaluations',
  request: { params: ObjectionParams, body: ObjectionDecisionBody },
  response: { status: 200, schema: ObjectionView, description: '已处理' },
  notifies: true,
} as const satisfies RouteDefinition;

export const listBudgetsRoute = {
  method: 'GET',
  path: '/budgets/{year}',
  handler: 'functions/http/funds/list-budgets.handler.ts',
  access: DISTRICT_FIGURES,
  summary: '年度预算：各区县市级与区县承担、分担比例（R22.1）',
  tag: 'funds',
  request: { params: BudgetYearParams },
  response: { status: 200, schema: BudgetList, description: '预算' },
} as const satisfies RouteDefinition;

export const putBudgetRoute = {
  method: 'PUT',
  path: '/budgets/{year}/districts/{code}',
  handler: 'functions/http/funds/put-budget.handler.ts',
  access: ['city_finance', 'district_finance'],
  summary: '设定区县年度预算（R22.1）',
  tag: 'funds',
  request: { params: BudgetParams, body: BudgetBody },
  response: { status: 200, schema: BudgetView, description: '预算' },
} as const satisfies RouteDefinition;

export const runAllocationRoute = {
  method: 'POST',
  path: '/allocations',
  handler: 'functions/http/funds/run-allocation.handler.ts',
  access: ['city_finance'],
  summary: '市级资金因素分配（R24.1）：保存全部输入，可复核',
  tag: 'funds',
  request: { body: AllocationBody },
  response: { status: 201, schema: AllocationView, description: '分配结果' },
} as const satisfies RouteDefinition;

export const listAllocationsRoute = {
  method: 'GET',
  path: '/allocations',
  handler: 'functions/http/funds/list-allocations.handler.ts',
  access: ['city_finance', 'city_civil_affairs', 'district_finance', 'district_civil_affairs', 'auditor'],
  summary: '因素分配记录（R24.1）',
  tag: 'funds',
  request: { query: AllocationQuery },
  response: { status: 200, schema: AllocationList, description: '分配记录' },
} as const satisfies RouteDefinition;

export const getContractPaymentsRoute = {
  method: 'GET',
  path: '/contracts/{id}/payments',
  handler: 'functions/http/funds/get-contract-payments.handler.ts',
  access: FUNDS_READERS,
  summary: '合同拨付：各期计划、已付、逾期、停付，及每笔拨付（R25.1）',
  tag: 'funds',
  request: { params: FundsContractParams },
  response: { status: 200, schema: PaymentsView, description: '拨付情况' },
} as const satisfies RouteDefinition;

export const createDisbursementRoute = {
  method: 'POST',
  path: '/contracts/{id}/disbursements',
  handler: 'functions/http/funds/create-disbursement.handler.ts',
  access: ['district_finance'],
  summary: '按期拨付：不超过该期金额，终止或停付的合同不可拨付，前置条件须满足（R25.1）',
  tag: 'funds',
  request: { params: FundsContractParams, body: DisbursementBody },
  response: { status: 201, schema: DisbursementView, description: '已拨付' },
  notifies: true,
} as const satisfies RouteDefinition;

export const createVoucherUploadUrlRoute = {
  method: 'POST',
  path: '/contracts/{id}/ledger/voucher-url',
  handler: 'functions/http/funds/create-voucher-upload-url.handler.ts',
  access: ['operator'],
  summary: '获取专账凭证上传地址（R27.1）',
  tag: 'funds',
  request: { params: FundsContractParams, body: VoucherUrlBody },
  response: { status: 201, schema: VoucherUrlView, description: '上传地址' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'vouchers/' },
} as const satisfies RouteDefinition;

export const createLedgerEntryRoute = {
  method: 'POST',
  path: '/contracts/{id}/ledger',
  handler: 'functions/http/funds/create-ledger-entry.handler.ts',
  access: ['operator'],
  summary: '专账记一笔支出：类别、金额、凭证（R27.1）',
  tag: 'funds',
  request: { params: FundsContractParams, body: LedgerBody },
  response: { status: 201, schema: LedgerEntryView, description: '已记账' },
  // Checks that the voucher was uploaded: a presigned HEAD under vouchers/.
  storage: { bucket: 'reports', presign: 'get', prefix: 'vouchers/', checksExistence: true },
} as const satisfies RouteDefinition;

export const getLedgerRoute = {
  method: 'GET',
  path: '/contracts/{id}/ledger',
  handler: 'functions/http/funds/get-ledger.handler.ts',
  access: FUNDS_READERS,
  summary: '专账：每笔支出与三类经费对照合同构成（R27.1）',
  tag: 'funds',
  request: { params: FundsContractParams },
  response: { status: 200, schema: LedgerView, description: '专账' },
} as const satisfies RouteDefinition;

export const getVoucherRoute = {
  method: 'GET',
  path: '/contracts/{id}/ledger/{entryId}/voucher',
  handler: 'functions/http/funds/get-voucher.handler.ts',
  access: FUNDS_READERS,
  summary: '凭证下载地址（审计可查）（R27.1）',
  tag: 'funds',
  request: { params: LedgerEntryParams },
  response: { status: 200, schema: DownloadView, description: '下载地址' },
  storage: { bucket: 'reports', presign: 'get', prefix: 'vouchers/' },
} as const satisfies RouteDefinition;

export const listRecoveryCasesRoute = {
  method: 'GET',
  path: '/recovery-cases',
  handler: 'functions/http/funds/list-recovery-cases.handler.ts',
  access: DISTRICT_FIGURES,
  summary: '追回案件：应追回 = 已拨付 − 终止日前认可支出，及还款（R25.1）',
  tag: 'funds',
  request: { query: RecoveryQuery },
  response: { status: 200, schema: RecoveryList, description: '追回案件' },
} as const satisfies RouteDefinition;

export const createRepaymentRoute = {
  method: 'POST',
  path: '/recovery-cases/{id}/repayments',
  handler: 'functions/http/funds/create-repayment.handler.ts',
  access: ['district_finance'],
  summary: '记录追回款项，不超过应追回余额（R25.1）',
  tag: 'funds',
  request: { params: RecoveryParams, body: RepaymentBody },
  response: { status: 201, schema: RecoveryView, description: '追回案件' },
} as const satisfies RouteDefinition;

export const getPerformanceRoute = {
  method: 'GET',
  path: '/performance',
  handler: 'functions/http/funds/get-performance.handler.ts',
  access: DISTRICT_FIGURES,
  summary: '绩效：任务完成率、资金执行率、最新评估结果（R26.1）',
  tag: 'funds',
  request: { query: YearQuery },
  response: { status: 200, schema: PerformanceView, description: '绩效' },
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
  notifies: true,
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
  notifies: true,
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
  notifies: true,
} as const satisfies RouteDefinition;

export const addServiceRecordRoute = {
  method: 'POST',
  path: '/contracts/{id}/service-records',
  handler: 'functions/http/handover/add-service-record.handler.ts',
  access: ['operator'],
  summary: '上传服务档案（档案持有方）；类别与保存期限由系统确定（R10.1）',
  tag: 'archives',
  request: { params: HandoverContractParams, body: ServiceRecordBody },
  response: { status: 201, schema: HandoverView, description: '档案与上传地址' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'service-records/' },
} as const satisfies RouteDefinition;

export const listServiceRecordsRoute = {
  method: 'GET',
  path: '/contracts/{id}/service-records',
  handler: 'functions/http/handover/list-service-records.handler.ts',
  access: ['operator', 'district_civil_affairs', 'auditor'],
  summary: '服务档案目录（档案持有方、购买方、审计）（R10.1）',
  tag: 'archives',
  request: { params: HandoverContractParams },
  response: { status: 200, schema: ArchiveCatalogueView, description: '档案目录' },
} as const satisfies RouteDefinition;

export const listArchivesRoute = {
  method: 'GET',
  path: '/archives',
  handler: 'functions/http/handover/list-archives.handler.ts',
  access: ['operator', 'district_civil_affairs', 'auditor', 'city_civil_affairs'],
  summary: '档案目录：一份合同或一个社工站各合同的档案、保存期限与归档锁定状态（R10.1）',
  tag: 'archives',
  request: { query: ArchivesQuery },
  response: { status: 200, schema: ArchiveCataloguesView, description: '档案目录' },
} as const satisfies RouteDefinition;

export const readServiceRecordRoute = {
  method: 'POST',
  path: '/contracts/{id}/service-records/{recordId}/download-url',
  handler: 'functions/http/handover/read-service-record.handler.ts',
  access: ['operator', 'district_civil_affairs', 'auditor'],
  summary: '读取服务档案（含敏感个人信息，每次读取记入审计）（R10.1）',
  tag: 'archives',
  request: { params: ServiceRecordParams },
  response: { status: 200, schema: HandoverView, description: '下载地址' },
  storage: { bucket: 'reports', presign: 'get', prefix: 'service-records/' },
} as const satisfies RouteDefinition;

export const getArchiveCatalogueRoute = {
  method: 'GET',
  path: '/contracts/{id}/archives',
  handler: 'functions/http/handover/get-archive-catalogue.handler.ts',
  access: ['operator', 'district_civil_affairs', 'auditor', 'city_civil_affairs'],
  summary: '合同档案目录：每份文件的档案类别与保存期限（R10.1）',
  tag: 'archives',
  request: { params: HandoverContractParams },
  response: { status: 200, schema: HandoverView, description: '档案目录' },
} as const satisfies RouteDefinition;

export const recordOperatorExitRoute = {
  method: 'POST',
  path: '/contracts/{id}/handover',
  handler: 'functions/http/handover/record-exit.handler.ts',
  access: ['district_civil_affairs'],
  summary: '记录承接方退出并开启档案移交（30 个工作日）（R10.2）',
  tag: 'archives',
  request: { params: HandoverContractParams, body: ExitBody },
  response: { status: 201, schema: HandoverView, description: '档案移交' },
  notifies: true,
} as const satisfies RouteDefinition;

export const getHandoverRoute = {
  method: 'GET',
  path: '/handovers/{id}',
  handler: 'functions/http/handover/get-handover.handler.ts',
  access: ['district_civil_affairs', 'operator', 'auditor', 'city_civil_affairs'],
  summary: '档案移交：清单、协议、签署与期限（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams },
  response: { status: 200, schema: HandoverView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const putHandoverItemRoute = {
  method: 'PUT',
  path: '/handovers/{id}/items/{kind}',
  handler: 'functions/http/handover/put-handover-item.handler.ts',
  access: ['operator'],
  summary: '退出的承接方逐项填写移交资料清单（R10.2）',
  tag: 'archives',
  request: { params: HandoverItemParams, body: HandoverItemBody },
  response: { status: 200, schema: HandoverView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const uploadHandoverAgreementRoute = {
  method: 'POST',
  path: '/handovers/{id}/agreement-url',
  handler: 'functions/http/handover/upload-agreement.handler.ts',
  access: ['operator'],
  summary: '上传移交协议书（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams, body: AgreementBody },
  response: { status: 201, schema: HandoverView, description: '上传地址' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'handover/' },
} as const satisfies RouteDefinition;

export const signHandoverRoute = {
  method: 'POST',
  path: '/handovers/{id}/signatures',
  handler: 'functions/http/handover/sign-handover.handler.ts',
  access: ['operator', 'district_civil_affairs'],
  summary: '双方签署移交协议书（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams, body: HandoverVersionBody },
  response: { status: 200, schema: HandoverView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const confirmHandoverReceiptRoute = {
  method: 'POST',
  path: '/handovers/{id}/receipt',
  handler: 'functions/http/handover/confirm-receipt.handler.ts',
  access: ['district_civil_affairs'],
  summary: '购买方确认接收档案（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams, body: HandoverVersionBody },
  response: { status: 200, schema: HandoverView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const transferArchivesRoute = {
  method: 'POST',
  path: '/handovers/{id}/transfer',
  handler: 'functions/http/handover/transfer-archives.handler.ts',
  access: ['district_civil_affairs'],
  summary: '购买方将档案移交新承接方：新承接方可读，原承接方不再可读（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams, body: TransferBody },
  response: { status: 200, schema: HandoverView, description: '档案移交' },
} as const satisfies RouteDefinition;

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
  notifies: true,
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
  notifies: true,
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
  notifies: true,
} as const satisfies RouteDefinition;

/** Every route by its id (the operation id of the OpenAPI document). */
export const routes = {
  getHealth: getHealthRoute,
  getOpenApi: getOpenApiRoute,
  listDivisions: listDivisionsRoute,
  createStation: createStationRoute,
  listStations: listStationsRoute,
  getStation: getStationRoute,
  updateStation: updateStationRoute,
  putStationSite: putStationSiteRoute,
  putStationSignage: putStationSignageRoute,
  putStationWorkSystems: putStationWorkSystemsRoute,
  getStationCompliance: getStationComplianceRoute,
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
  addSafetyCheck: addSafetyCheckRoute,
  listSafetyChecks: listSafetyChecksRoute,
  addReferral: addReferralRoute,
  listReferrals: listReferralsRoute,
  createPlatformApplication: createPlatformApplicationRoute,
  listPlatformApplications: listPlatformApplicationsRoute,
  getPlatformApplication: getPlatformApplicationRoute,
  decidePlatformApplication: decidePlatformApplicationRoute,
  putCalendarYear: putCalendarYearRoute,
  getWorkingDays: getWorkingDaysRoute,
  listPolicies: listPoliciesRoute,
  createPolicy: createPolicyRoute,
  listAudit: listAuditRoute,
  listReports: listReportsRoute,
  getReportTimeliness: getReportTimelinessRoute,
  getReport: getReportRoute,
  createReportUploadUrl: createReportUploadUrlRoute,
  reviewReport: reviewReportRoute,
  createReportDownloadUrl: createReportDownloadUrlRoute,
  listNotifications: listNotificationsRoute,
  listNotificationDeliveries: listNotificationDeliveriesRoute,
  markNotificationRead: markNotificationReadRoute,
  getNotificationSettings: getNotificationSettingsRoute,
  putNotificationSettings: putNotificationSettingsRoute,
  createInspection: createInspectionRoute,
  listInspections: listInspectionsRoute,
  listEvaluationTemplates: listEvaluationTemplatesRoute,
  createEvaluationTemplate: createEvaluationTemplateRoute,
  commissionEvaluation: commissionEvaluationRoute,
  listEvaluations: listEvaluationsRoute,
  getEvaluation: getEvaluationRoute,
  putEvaluationScores: putEvaluationScoresRoute,
  confirmEvaluation: confirmEvaluationRoute,
  publishEvaluation: publishEvaluationRoute,
  listPublicity: listPublicityRoute,
  lodgeObjection: lodgeObjectionRoute,
  listObjections: listObjectionsRoute,
  revealObjectionContact: revealObjectionContactRoute,
  decideObjection: decideObjectionRoute,
  listBudgets: listBudgetsRoute,
  putBudget: putBudgetRoute,
  runAllocation: runAllocationRoute,
  listAllocations: listAllocationsRoute,
  getContractPayments: getContractPaymentsRoute,
  createDisbursement: createDisbursementRoute,
  createVoucherUploadUrl: createVoucherUploadUrlRoute,
  createLedgerEntry: createLedgerEntryRoute,
  getLedger: getLedgerRoute,
  getVoucher: getVoucherRoute,
  listRecoveryCases: listRecoveryCasesRoute,
  createRepayment: createRepaymentRoute,
  getPerformance: getPerformanceRoute,
  getPublicFunds: getPublicFundsRoute,
  getPublicOcds: getPublicOcdsRoute,
  listPublicStations: listPublicStationsRoute,
  getPublicStationSummary: getPublicStationSummaryRoute,
  fileComplaint: fileComplaintRoute,
  trackComplaint: trackComplaintRoute,
  listComplaints: listComplaintsRoute,
  getComplaint: getComplaintRoute,
  acknowledgeComplaint: acknowledgeComplaintRoute,
  requestComplaintStatement: requestComplaintStatementRoute,
  answerComplaintStatement: answerComplaintStatementRoute,
  closeComplaint: closeComplaintRoute,
  addServiceRecord: addServiceRecordRoute,
  listServiceRecords: listServiceRecordsRoute,
  listArchives: listArchivesRoute,
  readServiceRecord: readServiceRecordRoute,
  getArchiveCatalogue: getArchiveCatalogueRoute,
  recordOperatorExit: recordOperatorExitRoute,
  getHandover: getHandoverRoute,
  putHandoverItem: putHandoverItemRoute,
  uploadHandoverAgreement: uploadHandoverAgreementRoute,
  signHandover: signHandoverRoute,
  confirmHandoverReceipt: confirmHandoverReceiptRoute,
  transferArchives: transferArchivesRoute,
  raiseRectification: raiseRectificationRoute,
  listRectifications: listRectificationsRoute,
  getRectification: getRectificationRoute,
  submitRectificationEvidence: submitRectificationEvidenceRoute,
  verifyRectification: verifyRectificationRoute,
} as const satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof routes;

/** A scheduled job. `schedule` is an EventBridge Scheduler cron expression, evaluated in `timeZone`. */
/**
 * Every job function's timeout (infra/stacks/jobs-stack.ts; the local scheduler gives the same). A run cut short is
 * finished by the next: jobs are idempotent and read only what is still due.
 */
export const JOB_TIMEOUT_SECONDS = 300;

export interface JobDefinition {
  readonly schedule: string;
  readonly timeZone: 'Asia/Shanghai';
  readonly handler: string;
  readonly description: string;
  /**
   * The job copies objects under these prefixes of the reports bucket into the archive bucket (same keys) with
   * an Object Lock retention: its role may read them there and put them (with retention) in the archive.
   */
  readonly archives?: readonly string[];
  /** @default true: the job notifies parties (and, on AWS with mail, sends e-mail). */
  readonly notifies?: boolean;
  /**
   * The job delivers notices on every channel: its function alone holds the SMS gateway's and the webhook's
   * settings, may read their secrets (secretsmanager:GetSecretValue on those secrets only) and may open the
   * parties' sealed phones (kms:Decrypt on the field key).
   */
  readonly deliversNotices?: boolean;
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
    description: 'R18.1 公示期届满关闭（每日触发，仅在工作日执行，按工作日历判断是否届满）',
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
    description: 'R15.1 投诉时限、R10.2 档案移交时限、B4 整改期限（每日）',
  },
  'notice-delivery': {
    schedule: 'cron(* * * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/notice-delivery.handler.ts',
    description:
      '通知分渠道发送（邮件、短信、消息推送）：补建提交后未分发的通知（5 分钟后），按 1、5、15、60、240 分钟重试，最终失败告知区县（每分钟）',
    deliversNotices: true,
  },
  'archive-copies': {
    schedule: 'cron(20 * * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/archive-copies.handler.ts',
    description: 'R10.1 新登记的文件复制到对象锁定（合规模式）的档案桶并按类别设定保存期限（每小时）',
    archives: ['reports/', 'vouchers/', 'service-records/', 'handover/'],
    notifies: false,
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

/**
 * The HTTP API's Lambda authorizer (where API Gateway's JWT authorizer is not used: the China regions by default):
 * verifies the bearer token against the configured OpenID Connect issuer (infra/stacks/api-stack.ts; the local
 * gateway in `lambda` mode invokes the same module).
 */
export const authorizerHandler = 'functions/auth/authorizer.handler.ts';
