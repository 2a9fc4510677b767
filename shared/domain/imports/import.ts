import type { z } from 'zod';

/**
 * Bulk import (批量导入) of existing registers from spreadsheets: one file of one kind of record, checked row by
 * row before anything is written. This module holds the pure parts: a kind's columns, how a row's cells become a
 * record or a list of issues, the import's states.
 */
export const IMPORT_KINDS = ['stations', 'contracts', 'workers', 'recipients', 'volunteers'] as const;
export type ImportKindId = (typeof IMPORT_KINDS)[number];

export const IMPORT_MODES = ['dry_run', 'import'] as const;
/** `dry_run` (试导入): checks every row and writes nothing; `import`: checks every row, then writes, if all pass. */
export type ImportMode = (typeof IMPORT_MODES)[number];

/**
 * awaiting_upload → validating → validated (dry run done) | rejected (bad rows: nothing written) | failed (the file
 * cannot be read) | importing → completed | completed_with_errors (rows refused at write time, named) |
 * interrupted (time ran out between batches; the same file uploaded again resumes) | duplicate (this file was
 * imported before: nothing written).
 */
export const IMPORT_STATUSES = [
  'awaiting_upload',
  'validating',
  'validated',
  'rejected',
  'failed',
  'importing',
  'completed',
  'completed_with_errors',
  'interrupted',
  'duplicate',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One column of a kind's sheet: its zh-CN header (what the template shows and the reader matches). */
export interface ImportColumn {
  /** The row schema's field. */
  readonly key: string;
  readonly header: string;
  readonly required: boolean;
  /** What goes in it, for the template's 说明 sheet. */
  readonly note: string;
  readonly example: string;
}

/** A bad cell or row: the row number as the spreadsheet shows it, the column's header, the reason in zh-CN. */
export interface RowIssue {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

/**
 * The mark ending a header that the import ignores: an export (导出) adds such columns for the reader (社工站名称（参考）,
 * 状态（参考）), so that its file can be imported again as it is.
 */
export const FOR_INFORMATION_MARK = '（参考）';

/** The sheet of instructions a template and an export carry; the import reads the first other sheet. */
export const INSTRUCTIONS_SHEET = '说明';

/** The header cells against the kind's columns: where each column is, or the issues of row 1. */
export function matchHeader(
  columns: readonly ImportColumn[],
  header: readonly string[],
): { positions: Map<string, number>; issues: RowIssue[] } {
  const positions = new Map<string, number>();
  const issues: RowIssue[] = [];
  const normalised = header.map((h) => h.replace(/[\s*＊]/g, ''));
  for (const column of columns) {
    const at = normalised.indexOf(column.header);
    if (at >= 0) positions.set(column.key, at);
    else if (column.required)
      issues.push({
        row: 1,
        column: column.header,
        reason: `缺少必填列「${column.header}」，请使用导入模板`,
      });
  }
  for (const [i, h] of normalised.entries()) {
    if (h !== '' && !h.endsWith(FOR_INFORMATION_MARK) && !columns.some((c) => c.header === h))
      issues.push({ row: 1, column: header[i] ?? h, reason: `无法识别的列「${h}」，请使用导入模板的列名` });
  }
  return { positions, issues };
}

/** A row's cells by column key; an empty cell is absent. */
export function rowRecord(
  columns: readonly ImportColumn[],
  positions: ReadonlyMap<string, number>,
  cells: readonly string[],
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const column of columns) {
    const at = positions.get(column.key);
    const value = at === undefined ? '' : (cells[at] ?? '').trim();
    if (value !== '') record[column.key] = value;
  }
  return record;
}

export const isBlankRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** A row through its schema: the record, or one issue per bad cell named by its header. */
export function parseRow<T>(
  columns: readonly ImportColumn[],
  schema: z.ZodType<T>,
  row: number,
  record: Record<string, string>,
): { ok: true; value: T } | { ok: false; issues: RowIssue[] } {
  const parsed = schema.safeParse(record);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: RowIssue[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    const column = columns.find((c) => c.key === key);
    const header = column?.header ?? '（整行）';
    const missing = column && record[key] === undefined;
    const reason = missing ? `「${header}」为必填项，不能为空` : issue.message;
    if (seen.has(`${header}|${reason}`)) continue;
    seen.add(`${header}|${reason}`);
    issues.push({ row, column: header, reason });
  }
  return { ok: false, issues };
}

/** Yuan as written in a sheet (`600000`, `600000.5`, `600,000.00`) to integer fen, exactly; undefined if not money. */
export function yuanToFen(text: string): number | undefined {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, '').replace(/^[¥￥]/, ''));
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}
