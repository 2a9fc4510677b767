import {
  ArchiveCataloguesView,
  ArchiveCatalogueView,
  ArchivesQuery,
} from '#shared/contracts/archives.schema';
import {
  AgreementBody,
  ExitBody,
  ContractIdParams as HandoverContractParams,
  HandoverItemBody,
  HandoverItemParams,
  HandoverParams,
  HandoverView as HandoverRecordView,
  HandoverVersionBody,
  AnyView as HandoverView,
  ServiceRecordBody,
  ServiceRecordParams,
  TransferBody,
} from '#shared/contracts/handover.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** Service records, archives and the handover when an operator exits (R10). Handlers under functions/http/handover/. */

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
  response: { status: 201, schema: HandoverRecordView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const getHandoverRoute = {
  method: 'GET',
  path: '/handovers/{id}',
  handler: 'functions/http/handover/get-handover.handler.ts',
  access: ['district_civil_affairs', 'operator', 'auditor', 'city_civil_affairs'],
  summary: '档案移交：清单、协议、签署与期限（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams },
  response: { status: 200, schema: HandoverRecordView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const putHandoverItemRoute = {
  method: 'PUT',
  path: '/handovers/{id}/items/{kind}',
  handler: 'functions/http/handover/put-handover-item.handler.ts',
  access: ['operator'],
  summary: '退出的承接方逐项填写移交资料清单（R10.2）',
  tag: 'archives',
  request: { params: HandoverItemParams, body: HandoverItemBody },
  response: { status: 200, schema: HandoverRecordView, description: '档案移交' },
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
  response: { status: 200, schema: HandoverRecordView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const confirmHandoverReceiptRoute = {
  method: 'POST',
  path: '/handovers/{id}/receipt',
  handler: 'functions/http/handover/confirm-receipt.handler.ts',
  access: ['district_civil_affairs'],
  summary: '购买方确认接收档案（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams, body: HandoverVersionBody },
  response: { status: 200, schema: HandoverRecordView, description: '档案移交' },
} as const satisfies RouteDefinition;

export const transferArchivesRoute = {
  method: 'POST',
  path: '/handovers/{id}/transfer',
  handler: 'functions/http/handover/transfer-archives.handler.ts',
  access: ['district_civil_affairs'],
  summary: '购买方将档案移交新承接方：新承接方可读，原承接方不再可读（R10.2）',
  tag: 'archives',
  request: { params: HandoverParams, body: TransferBody },
  response: { status: 200, schema: HandoverRecordView, description: '档案移交' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const handoverRoutes = {
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
} as const satisfies Record<string, RouteDefinition>;
