import {
  CreateImportBody,
  CreateImportView,
  ImportParams,
  ImportTemplateQuery,
  ImportTemplateView,
  ImportView,
} from '#shared/contracts/imports.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** Bulk import of registers from spreadsheets (issue 19). Handlers under functions/http/imports/. */

const IMPORTERS = ['district_civil_affairs', 'operator'] as const;

export const getImportTemplateRoute = {
  method: 'GET',
  path: '/imports/template',
  handler: 'functions/http/imports/get-import-template.handler.ts',
  access: IMPORTERS,
  summary: '下载导入模板（.xlsx：中文列名、说明、示例行）：社工站、服务合同、社工、服务对象、志愿者',
  tag: 'imports',
  request: { query: ImportTemplateQuery },
  response: { status: 200, schema: ImportTemplateView, description: '模板' },
} as const satisfies RouteDefinition;

export const createImportRoute = {
  method: 'POST',
  path: '/imports',
  handler: 'functions/http/imports/create-import.handler.ts',
  access: IMPORTERS,
  summary:
    '新建导入任务（试导入或正式导入），获取文件上传地址；文件上传后逐行检查，正式导入全部通过才分批写入（R29.1 审计）',
  tag: 'imports',
  request: { body: CreateImportBody },
  response: { status: 201, schema: CreateImportView, description: '导入任务与上传地址' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'imports/' },
} as const satisfies RouteDefinition;

export const getImportRoute = {
  method: 'GET',
  path: '/imports/{id}',
  handler: 'functions/http/imports/get-import.handler.ts',
  access: IMPORTERS,
  summary: '导入任务：状态、每个问题行（行号、列名、原因）、已导入与跳过的行数',
  tag: 'imports',
  request: { params: ImportParams },
  response: { status: 200, schema: ImportView, description: '导入任务' },
} as const satisfies RouteDefinition;

export const importsRoutes = {
  getImportTemplate: getImportTemplateRoute,
  createImport: createImportRoute,
  getImport: getImportRoute,
} as const satisfies Record<string, RouteDefinition>;
