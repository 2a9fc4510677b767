import {
  BriefDraftQuery,
  BriefDraftView,
  DownloadUrlView,
  InspectionBody,
  InspectionList,
  InspectionsQuery,
  InspectionView,
  ListReportsQuery,
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
import { NOTO_SANS_SC_FILES } from '#shared/documents/font-files';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { CONTRACT_READERS, REPORT_READERS } from '#shared/manifest/readers';

/** Report slots and their documents (R9), and inspections. Handlers under functions/http/reports/. */

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

export const getReportDraftRoute = {
  method: 'GET',
  path: '/reports/{id}/draft',
  handler: 'functions/http/reports/get-report-draft.handler.ts',
  access: ['operator', 'district_civil_affairs'],
  summary:
    '由本月服务记录生成月度工作简报草稿（.docx 可编辑或 .pdf）：模板标题下填入各类服务次数、社工与本站服务时长、个案、志愿服务与重点活动；原样上传即可通过校验（R9.3、R9.4）',
  tag: 'reports',
  request: { params: SlotParams, query: BriefDraftQuery },
  response: { status: 200, schema: BriefDraftView, description: '简报草稿' },
  bundleFiles: NOTO_SANS_SC_FILES,
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

/** This area's routes by id, in the order the index assembles them. */
export const reportsRoutes = {
  listReports: listReportsRoute,
  getReportTimeliness: getReportTimelinessRoute,
  getReport: getReportRoute,
  getReportDraft: getReportDraftRoute,
  createReportUploadUrl: createReportUploadUrlRoute,
  reviewReport: reviewReportRoute,
  createReportDownloadUrl: createReportDownloadUrlRoute,
  createInspection: createInspectionRoute,
  listInspections: listInspectionsRoute,
} as const satisfies Record<string, RouteDefinition>;
