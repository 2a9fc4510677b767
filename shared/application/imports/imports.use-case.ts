import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { type PersonDigest, personDigest } from '#shared/adapters/crypto/person-digest';
import {
  createImportWrite,
  fileMarkerWrite,
  getImport,
  importedRowKeys,
  importOfFile,
  rowMarkerWrite,
  updateImportWrite,
} from '#shared/adapters/dynamodb/imports.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { presignUpload } from '#shared/adapters/s3/presign';
import { readObject } from '#shared/adapters/s3/reports-store';
import { readRows, type SheetFormat } from '#shared/adapters/spreadsheet/rows';
import { templateWorkbook } from '#shared/adapters/spreadsheet/template';
import type { Principal, Role } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { DomainError, notFound, outOfScope } from '#shared/domain/errors';
import {
  type ImportKindId,
  type ImportMode,
  isBlankRow,
  matchHeader,
  parseRow,
  type RowIssue,
  rowRecord,
} from '#shared/domain/imports/import';
import { type ImportRecord, importScopeKey, MAX_STORED_ISSUES } from '#shared/domain/imports/import-record';
import { logger } from '#shared/http/logger';
import { type AnyImportKind, failureReason, IMPORT_KIND_REGISTRY } from './kinds';

/** The key of an import's uploaded file: `imports/{importId}.{xlsx|csv}` in the reports bucket. */
export const IMPORT_PREFIX = 'imports/';
export const importKey = (id: string, format: SheetFormat) => `${IMPORT_PREFIX}${id}.${format}`;
export function parseImportKey(key: string): { id: string; format: SheetFormat } | undefined {
  const m = /^imports\/([0-9A-HJKMNP-TV-Z]{26})\.(xlsx|csv)$/.exec(key);
  return m?.[1] && m[2] ? { id: m[1], format: m[2] as SheetFormat } : undefined;
}

export const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};
/** Rows written per batch; each batch is one progress update with its audit record. */
export const IMPORT_BATCH_ROWS = 50;
/** Rows of a batch written at once (each its own transaction). */
const ROW_CONCURRENCY = 4;
/** A batch is not started with less time than this left in the function (its rows finish; the next upload resumes). */
const BATCH_TIME_RESERVE_MS = 60_000;

const kindOf = (id: ImportKindId): AnyImportKind => IMPORT_KIND_REGISTRY[id];

const importAudit = (r: ImportRecord) => ({
  entity: { type: 'import', id: r.id },
  scope: r.districtCode ? { district: r.districtCode } : {},
});

/** The principal as the kind's use cases see it: only the roles the kind allows (as a route would narrow them). */
function narrowed(principal: Principal, kind: AnyImportKind): Principal {
  const roles = principal.roles.filter((r) => kind.roles.includes(r));
  if (roles.length === 0) {
    throw new DomainError(
      'IMPORT_KIND_FORBIDDEN',
      403,
      '无权导入此类数据',
      `${kind.title}只能由${kind.roles.map((r) => (r === 'operator' ? '承接方' : '区县民政部门')).join('或')}导入。`,
    );
  }
  return { ...principal, roles: roles as Role[] };
}

export interface NewImport {
  readonly kind: ImportKindId;
  readonly mode: ImportMode;
  readonly fileName: string;
  readonly bytes: number;
}

/**
 * Opens an import (批量导入) and hands out the presigned PUT of its file.
 * 1. The caller's role must be one of the kind's; a district role needs its district, an operator its organisation.
 * 2. The file type is the name's extension (.xlsx or .csv); the PUT is signed for that type and size, 5 minutes.
 * 3. The import record (awaiting_upload) and its audit record are written together.
 * The storage trigger does the rest when the file lands (`processImportUpload`).
 */
export async function requestImport(
  actor: Actor,
  input: NewImport,
): Promise<{ record: ImportRecord; url: string; headers: Record<string, string> }> {
  const kind = kindOf(input.kind);
  const principal = narrowed(actor.principal, kind);
  const operator = principal.roles.includes('operator');
  if (operator ? !principal.org : !principal.district) throw outOfScope();
  const format: SheetFormat = /\.csv$/i.test(input.fileName) ? 'csv' : 'xlsx';
  const id = ulid(actor.now.getTime());
  const at = actor.now.toISOString();
  const record: ImportRecord = {
    id,
    kind: input.kind,
    mode: input.mode,
    fileName: input.fileName,
    format,
    key: importKey(id, format),
    bytes: input.bytes,
    uploadedBy: {
      sub: principal.sub,
      username: principal.username,
      roles: principal.roles,
      ...(principal.district ? { district: principal.district } : {}),
      ...(principal.street ? { street: principal.street } : {}),
      ...(principal.org ? { org: principal.org } : {}),
    },
    ...(operator ? { orgId: principal.org as string } : { districtCode: principal.district as string }),
    status: 'awaiting_upload',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [createImportWrite(record)],
    [auditRecordOf(actor, { action: 'import.request', ...importAudit(record), after: record })],
  );
  const headers = { 'content-type': CONTENT_TYPES[format], 'content-length': String(input.bytes) };
  const url = await presignUpload(record.key, CONTENT_TYPES[format], input.bytes, 300);
  return { record, url, headers };
}

/** An import its uploader's scope may read: the district's imports for the district, an operator's for it. */
export async function readImport(principal: Principal, id: string): Promise<ImportRecord> {
  const record = await getImport(id);
  if (!record) throw notFound('导入任务');
  const mine = record.orgId
    ? principal.roles.includes('operator') && principal.org === record.orgId
    : principal.roles.includes('district_civil_affairs') && principal.district === record.districtCode;
  if (!mine) throw outOfScope();
  return record;
}

/** A kind's template: the .xlsx and its columns. */
export async function importTemplate(kindId: ImportKindId) {
  const kind = kindOf(kindId);
  const bytes = await templateWorkbook(kind.title, kind.columns);
  return {
    kind: kindId,
    title: kind.title,
    fileName: `${kind.title}导入模板.xlsx`,
    contentType: CONTENT_TYPES.xlsx,
    contentBase64: bytes.toString('base64'),
    columns: kind.columns.map(({ header, required, note, example }) => ({ header, required, note, example })),
  };
}

interface CheckedRow {
  readonly row: number;
  readonly key: string;
  readonly value: unknown;
}

export interface FileCheck {
  readonly totalRows: number;
  readonly issues: RowIssue[];
  /** Rows that may be written, in file order. */
  readonly rows: CheckedRow[];
  /** Rows an earlier import already wrote. */
  readonly skipped: number;
  readonly context: unknown;
}

/**
 * Every row of the file against the kind, nothing written: the header against the columns; each row's cells
 * against the row schema; keys repeated in the file; then, against what is stored, the rows an import wrote before
 * (skipped) and each other row's scope and references. Every bad row is named (row, column, reason).
 */
export async function checkFile(
  kind: AnyImportKind,
  principal: Principal,
  bytes: Uint8Array,
  format: SheetFormat,
): Promise<FileCheck> {
  const issues: RowIssue[] = [];
  const parsed: CheckedRow[] = [];
  const firstRowOfKey = new Map<string, number>();
  let positions: Map<string, number> | undefined;
  const digest: PersonDigest = kind.namesPeople
    ? await personDigest()
    : () => {
        throw new Error(`the ${kind.id} import names no people`);
      };
  let totalRows = 0;
  for await (const { row, cells } of readRows(bytes, format)) {
    if (!positions) {
      const header = matchHeader(kind.columns, cells);
      if (header.issues.length > 0)
        return { totalRows: 0, issues: header.issues, rows: [], skipped: 0, context: undefined };
      positions = header.positions;
      continue;
    }
    if (isBlankRow(cells)) continue;
    totalRows += 1;
    const result = parseRow(kind.columns, kind.schema, row, rowRecord(kind.columns, positions, cells));
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const key = kind.key(result.value, digest);
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      issues.push({
        row,
        column: kind.keyColumn,
        reason: `与第 ${first} 行重复（同一${kind.keyColumn}只能有一行）`,
      });
      continue;
    }
    firstRowOfKey.set(key, row);
    parsed.push({ row, key, value: result.value });
  }
  if (!positions) {
    return {
      totalRows: 0,
      issues: [{ row: 1, column: '（表头）', reason: '文件是空的：没有表头行' }],
      rows: [],
      skipped: 0,
      context: undefined,
    };
  }
  const done = await importedRowKeys(
    kind.id,
    parsed.map((r) => r.key),
  );
  const fresh = parsed.filter((r) => !done.has(r.key));
  const context = await kind.prepare(
    principal,
    fresh.map((r) => r.value),
    digest,
  );
  const rows: CheckedRow[] = [];
  for (const r of fresh) {
    const found = kind.check(principal, r.value, context);
    if (found.length > 0) issues.push(...found.map((i) => ({ row: r.row, ...i })));
    else rows.push(r);
  }
  issues.sort((a, b) => a.row - b.row);
  return { totalRows, issues, rows, skipped: parsed.length - fresh.length, context };
}

export type ImportOutcome = ImportRecord['status'] | 'unmatched' | 'replayed';

const badRowCount = (issues: readonly RowIssue[]) => new Set(issues.map((i) => i.row)).size;

/** Saves the next state of an import with its audit record; returns it. */
async function advance(
  actor: Actor,
  before: ImportRecord,
  change: Partial<ImportRecord>,
  action: string,
  details: Record<string, unknown>,
  extra: readonly Write[] = [],
): Promise<ImportRecord> {
  const after: ImportRecord = {
    ...before,
    ...change,
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [updateImportWrite(before, after), ...extra],
    [
      auditRecordOf(actor, {
        action,
        ...importAudit(after),
        before: { status: before.status },
        after: { status: after.status, ...details },
      }),
    ],
  );
  return after;
}

/**
 * The storage trigger's work for one uploaded import file (ObjectCreated under `imports/`).
 * 1. The key must be an import's, awaiting its upload; anything else changes nothing (a replayed event included).
 * 2. The whole file is checked (`checkFile`) and its SHA-256 taken.
 * 3. Dry run, or any bad row: the import is `validated` or `rejected` with every issue; nothing else is written.
 * 4. The same file imported in full before by this scope: `duplicate`, nothing written.
 * 5. Otherwise the rows are written in batches of `IMPORT_BATCH_ROWS` through the kind's use case, each row in
 *    its own transaction with its audit record and its row marker (a row imported before is skipped, never
 *    written twice), each batch then recorded on the import with an `import.batch` audit record. A row the use
 *    case refuses now (a change since the check) is named on the import (`completed_with_errors`). When the
 *    function's time runs short between batches the import stops `interrupted`; the same file uploaded again
 *    resumes it, the markers skipping what is in.
 */
export async function processImportUpload(
  object: { key: string },
  now: () => Date,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<ImportOutcome> {
  const parsedKey = parseImportKey(object.key);
  const found = parsedKey ? await getImport(parsedKey.id) : undefined;
  if (!parsedKey || !found || found.key !== object.key) {
    logger.warn('import file without an import', { key: object.key });
    return 'unmatched';
  }
  if (found.status !== 'awaiting_upload') return 'replayed';
  const kind = kindOf(found.kind);
  const principal = narrowed({ ...found.uploadedBy, roles: found.uploadedBy.roles as Role[] }, kind);
  const actorAt = (reason: string): Actor => ({ principal, now: now(), reason });
  const bytes = await readObject(object.key);
  if (bytes === undefined) return 'replayed';
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let check: FileCheck;
  try {
    check = await checkFile(kind, principal, bytes, found.format);
  } catch (error) {
    logger.warn('import file unreadable', { id: found.id, error: error as Error });
    await advance(
      actorAt(`批量导入 ${found.id}`),
      found,
      {
        status: 'failed',
        sha256,
        message: `无法读取文件：请上传 .xlsx 或 .csv 格式的导入模板（${found.format === 'xlsx' ? '文件不是有效的 Excel 工作簿' : '文件不是有效的 CSV'}）`,
        finishedAt: now().toISOString(),
      },
      'import.fail',
      { sha256 },
    );
    return 'failed';
  }
  const summary = {
    sha256,
    totalRows: check.totalRows,
    badRows: badRowCount(check.issues),
    issues: check.issues.slice(0, MAX_STORED_ISSUES),
    ...(check.issues.length > MAX_STORED_ISSUES ? { issuesTruncated: true } : {}),
    skipped: check.skipped,
  };
  const reason = `批量导入 ${found.id}（${found.fileName}）`;
  if (found.mode === 'dry_run' || check.issues.length > 0) {
    const status = found.mode === 'dry_run' ? 'validated' : 'rejected';
    await advance(
      actorAt(reason),
      found,
      { status, ...summary, imported: 0, finishedAt: now().toISOString() },
      'import.validate',
      {
        sha256,
        totalRows: summary.totalRows,
        badRows: summary.badRows,
      },
    );
    return status;
  }
  const scopeKey = importScopeKey(found);
  const earlier = await importOfFile(kind.id, scopeKey, sha256);
  if (earlier) {
    await advance(
      actorAt(reason),
      found,
      {
        status: 'duplicate',
        ...summary,
        duplicateOf: earlier,
        imported: 0,
        skipped: check.totalRows,
        message: `同一文件已由导入任务 ${earlier} 导入，本次未写入任何数据`,
        finishedAt: now().toISOString(),
      },
      'import.duplicate',
      { sha256, duplicateOf: earlier },
    );
    return 'duplicate';
  }
  let record = await advance(
    actorAt(reason),
    found,
    { status: 'importing', ...summary, imported: 0, failed: 0, batches: 0 },
    'import.start',
    { sha256, rows: check.rows.length },
  );
  const failures: RowIssue[] = [];
  let imported = 0;
  let skipped = check.skipped;
  for (let start = 0; start < check.rows.length; start += IMPORT_BATCH_ROWS) {
    if (remainingMs() < BATCH_TIME_RESERVE_MS) {
      record = await advance(
        actorAt(reason),
        record,
        {
          status: 'interrupted',
          imported,
          skipped,
          failed: failures.length,
          message: `已导入 ${imported} 行；处理时间用尽，请重新上传同一文件继续导入（已导入的行会跳过，不会重复）`,
          finishedAt: now().toISOString(),
        },
        'import.interrupt',
        { imported, skipped },
      );
      return 'interrupted';
    }
    const batch = check.rows.slice(start, start + IMPORT_BATCH_ROWS);
    const written: string[] = [];
    for (let i = 0; i < batch.length; i += ROW_CONCURRENCY) {
      await Promise.all(
        batch.slice(i, i + ROW_CONCURRENCY).map(async (r) => {
          const actor = actorAt(`${reason} 第 ${r.row} 行`);
          try {
            written.push(
              await kind.write(
                actor,
                r.value,
                check.context,
                rowMarkerWrite(kind.id, r.key, found.id, r.row, actor.now.toISOString()),
              ),
            );
            imported += 1;
          } catch (error) {
            if ((error as DomainError).code === 'IMPORT_ROW_DONE') skipped += 1;
            else if (error instanceof DomainError)
              failures.push({ row: r.row, column: '（整行）', reason: failureReason(error) });
            else throw error;
          }
        }),
      );
    }
    const batchNo = (record.batches ?? 0) + 1;
    record = await advance(
      actorAt(reason),
      record,
      { imported, skipped, failed: failures.length, batches: batchNo },
      'import.batch',
      {
        batch: batchNo,
        rows: `${batch[0]?.row}–${batch[batch.length - 1]?.row}`,
        written,
      },
    );
  }
  failures.sort((a, b) => a.row - b.row);
  const complete = failures.length === 0;
  await advance(
    actorAt(reason),
    record,
    {
      status: complete ? 'completed' : 'completed_with_errors',
      ...(complete ? {} : { issues: failures.slice(0, MAX_STORED_ISSUES), badRows: badRowCount(failures) }),
      finishedAt: now().toISOString(),
    },
    'import.complete',
    { imported, skipped, failed: failures.length },
    complete ? [fileMarkerWrite(kind.id, scopeKey, sha256, found.id)] : [],
  );
  return complete ? 'completed' : 'completed_with_errors';
}
