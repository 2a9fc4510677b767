import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { INSTRUCTIONS_SHEET } from '#shared/domain/imports/import';

/**
 * Reads the rows of an uploaded spreadsheet one at a time (a bulk import's file, .xlsx or .csv), so that a
 * 50,000-row file is never held as a workbook: exceljs's streaming WorkbookReader for .xlsx, csv-parse for .csv.
 * Every cell comes out as trimmed text; a date cell as `YYYY-MM-DD` (Excel stores calendar dates, read as UTC).
 */
export type SheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** The row number the spreadsheet shows (1 is the header row). */
  readonly row: number;
  readonly cells: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One cell's value as text: rich text joined, a formula's result, a hyperlink's text, a date as its day. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return v.error;
  }
  return String(value).trim();
}

/**
 * CSV text: UTF-8 (with or without BOM), or else GB18030 — what Excel on a Chinese Windows writes when it saves
 * 「CSV（逗号分隔）」.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function* csvRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const parser = Readable.from([decodeCsv(bytes)]).pipe(
    parse({ relax_column_count: true, skip_empty_lines: false, trim: true }),
  );
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    yield { row, cells: record.map((c) => c.trim()) };
  }
}

async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name?: string }).name;
    if (name === INSTRUCTIONS_SHEET) continue;
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(r.values) ? r.values.slice(1) : [];
      yield { row: r.number, cells: values.map(cellText) };
    }
    return;
  }
}

/** The rows of the file in order, blank rows included (so that numbering is the spreadsheet's). */
export function readRows(bytes: Uint8Array, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === 'csv' ? csvRows(bytes) : xlsxRows(bytes);
}
