/**
 * The console lists' export (导出 Excel, 导出 CSV): every page of the list fetched through the API's cursors, then
 * the file written in the browser from what the API answered — amounts in yuan from its fen, dates as dates,
 * statuses by their Chinese names, personal data only as the API gave it (masked). Nothing is computed here.
 */

/** A cell as the API gave it: text (a status already in Chinese), an amount in fen, or a date (`YYYY-MM-DD`). */
export type Cell = string | { readonly fen: number } | { readonly date: string | undefined };

/** One column of an exported file. */
export interface ExportColumn<T> {
  readonly title: string;
  readonly value: (row: T) => Cell;
}

/** One page of a list, as every cursor-paged route of the API answers. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** The API's largest page (`limit` ≤ 100): an export of a city's list takes as few requests as it can. */
export const EXPORT_PAGE_SIZE = 100;

/**
 * Every row of a list, page after page through its cursors (an export; a console page that shows a month or a
 * station's register whole); `progress` hears the count after each page.
 */
export async function fetchAll<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
  progress: (fetched: number, more: boolean) => void = () => undefined,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    rows.push(...next.items);
    cursor = next.nextCursor;
    progress(rows.length, cursor !== undefined);
  } while (cursor !== undefined);
  return rows;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Fen as a plain decimal in yuan (`123456` → `1234.56`), by integer arithmetic: a number Excel reads as one. */
export function yuanText(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is written
 * with a leading apostrophe: an address typed as `=HYPERLINK(…)` stays text when the CSV is opened (OWASP's CSV
 * injection advice). Amounts and dates are never text, so a negative amount keeps its sign.
 */
const inertText = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

function csvCell(cell: Cell): string {
  if (typeof cell === 'string') return csvField(inertText(cell));
  if ('fen' in cell) return yuanText(cell.fen);
  return cell.date ?? '';
}

/**
 * The rows as CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark, without which Excel reads Chinese as mojibake.
 * Amounts are plain yuan with two decimals, dates `YYYY-MM-DD`, which Excel takes for dates.
 */
export function toCsv<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): Blob {
  const lines = [
    columns.map((c) => csvField(c.title)).join(','),
    ...rows.map((row) => columns.map((c) => csvCell(c.value(row))).join(',')),
  ];
  return new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}

/** Excel's format of an amount in yuan, and of a date in Chinese. */
export const XLSX_MONEY_FORMAT = '"¥"#,##0.00';
export const XLSX_DATE_FORMAT = 'yyyy"年"m"月"d"日"';

/**
 * The rows as an .xlsx workbook of one sheet: amounts as numbers in yuan under a ¥ format, dates as date cells,
 * the header row bold and frozen. exceljs is imported here, on the first export, so it is a chunk of its own that
 * the console's first load never downloads.
 */
export async function toXlsx<T>(
  sheet: string,
  columns: readonly ExportColumn<T>[],
  rows: readonly T[],
): Promise<Blob> {
  const { Workbook } = await import('exceljs');
  const book = new Workbook();
  book.creator = '济南市社会工作服务站管理系统';
  const ws = book.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.title }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) {
    const added = ws.addRow(columns.map(() => null));
    columns.forEach((c, i) => {
      const cell = added.getCell(i + 1);
      const value = c.value(row);
      if (typeof value === 'string') {
        cell.value = value;
      } else if ('fen' in value) {
        cell.value = Number(yuanText(value.fen));
        cell.numFmt = XLSX_MONEY_FORMAT;
      } else {
        const ymd = value.date ? ISO_DATE.exec(value.date) : null;
        // A calendar date: midnight UTC, which is how exceljs turns a Date into Excel's serial day.
        cell.value = ymd
          ? new Date(Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3])))
          : value.date;
        if (ymd) cell.numFmt = XLSX_DATE_FORMAT;
      }
    });
  }
  for (const [i, c] of columns.entries()) {
    const widest = Math.max(...rows.map((r) => displayWidth(c.value(r))), c.title.length * 2);
    const column = ws.getColumn(i + 1);
    column.width = Math.min(60, Math.max(10, widest + 2));
  }
  const buffer = await book.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** About how many narrow characters a cell takes (a Chinese character counts two). */
function displayWidth(cell: Cell): number {
  const text = typeof cell === 'string' ? cell : 'fen' in cell ? `¥${yuanText(cell.fen)},` : '2026年12月31日';
  let width = 0;
  for (const ch of text) width += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return width;
}

/** Today in Beijing time, the Chinese way (`2026年12月6日`), for a file's name. */
export function todayInChinese(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(now);
  // Numbers, not the locale's digits: `6日`, never `06日`.
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return `${part('year')}年${part('month')}月${part('day')}日`;
}

/** Saves a file the page wrote, under a Chinese name (`社工站列表-2026年12月6日.xlsx`). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link; the object URL is released once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves a file the API sent as Base64 (a template, a draft) under the API's own file name. */
export function saveBase64File(file: { contentBase64: string; contentType: string; fileName: string }): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  saveFile(new Blob([bytes], { type: file.contentType }), file.fileName);
}
