import * as z from 'zod';
import { IMPORT_KINDS, IMPORT_MODES, IMPORT_STATUSES } from '#shared/domain/imports/import';
import { Ulid } from './common.schema';

/** Bulk import (批量导入): the template, the ticket with its presigned upload, the import's checks and progress. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const Kind = /* @__PURE__ */ z.enum(IMPORT_KINDS).meta({
  description: 'stations 社工站；contracts 服务合同；workers 社工；recipients 服务对象；volunteers 志愿者',
});

export const ImportTemplateQuery = /* @__PURE__ */ z.strictObject({ kind: Kind });

export const ImportTemplateView = /* @__PURE__ */ z
  .object({
    kind: Kind,
    title: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    contentBase64: z.string().meta({ description: '模板 .xlsx 文件（Base64）' }),
    columns: z.array(
      z.object({ header: z.string(), required: z.boolean(), note: z.string(), example: z.string() }),
    ),
  })
  .meta({ id: 'ImportTemplate', description: '导入模板：中文列名、说明工作表和示例行' });

export const CreateImportBody = /* @__PURE__ */ z
  .strictObject({
    kind: Kind,
    mode: z.enum(IMPORT_MODES).meta({ description: 'dry_run 试导入（只检查，不写入）；import 正式导入' }),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/\.(xlsx|csv)$/i, '文件应为 .xlsx 或 .csv')
      .meta({ example: '社工名册.xlsx' }),
    bytes: z.number().int().min(1, '文件不能为空').max(MAX_IMPORT_BYTES, '文件不能超过 20 MB'),
  })
  .meta({ id: 'CreateImport' });

export const ImportParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

const RowIssueView = /* @__PURE__ */ z.object({
  row: z.number().int().meta({ description: '表格中的行号（第 1 行为表头）' }),
  column: z.string().meta({ description: '列名' }),
  reason: z.string(),
});

export const ImportView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    kind: Kind,
    mode: z.enum(IMPORT_MODES),
    fileName: z.string(),
    format: z.enum(['xlsx', 'csv']),
    status: z.enum(IMPORT_STATUSES),
    sha256: z.string().optional(),
    totalRows: z.number().int().optional(),
    badRows: z.number().int().optional(),
    issues: z.array(RowIssueView).optional(),
    issuesTruncated: z.boolean().optional(),
    imported: z.number().int().optional(),
    skipped: z.number().int().optional(),
    failed: z.number().int().optional(),
    batches: z.number().int().optional(),
    duplicateOf: z.string().optional(),
    message: z.string().optional(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'Import', description: '导入任务：检查结果（每个问题行的行号、列名、原因）与导入进度' });

export const CreateImportView = /* @__PURE__ */ z
  .object({
    import: ImportView,
    method: z.literal('PUT'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  })
  .meta({ id: 'ImportUpload', description: '导入任务及其文件的预签名上传地址（5 分钟有效）' });
