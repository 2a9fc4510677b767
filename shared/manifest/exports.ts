import { CreateExportBody, ExportView } from '#shared/contracts/exports.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { CITY_AND_DISTRICT_READERS } from '#shared/manifest/readers';

/**
 * Export of the registers to .xlsx for the bureaus' own reporting (issue 19 item 5). Handler under
 * functions/http/exports/. Each kind is exported by the readers of its list route (the use case checks the kind):
 * stations, contracts and workers by the city, the districts and the street offices (each its own scope) and the
 * auditors; recipients by the district civil affairs bureau and the street office only (the city reads no
 * individual's file); volunteers by the civil affairs bureaus and the street office. Masked by default; unmasked
 * only workers and recipients, only by the district civil affairs bureau for its district, with a reason, audited.
 */
export const createExportRoute = {
  method: 'POST',
  path: '/exports',
  handler: 'functions/http/exports/create-export.handler.ts',
  access: CITY_AND_DISTRICT_READERS,
  summary:
    '导出 Excel：社工站、服务合同、社工、服务对象、志愿者（个人信息默认掩码；完整信息仅区县民政部门，须填写理由，记入审计）',
  tag: 'exports',
  request: { body: CreateExportBody },
  response: { status: 201, schema: ExportView, description: '导出文件的下载地址' },
  storage: { bucket: 'reports', presign: 'get', prefix: 'exports/', writes: true },
  // A district's register is read and written in one request: thousands of rows (docs/architecture.md, Export).
  timeoutSeconds: 29,
} as const satisfies RouteDefinition;

export const exportsRoutes = {
  createExport: createExportRoute,
} as const satisfies Record<string, RouteDefinition>;
