import ExcelJS from 'exceljs';
import { INSTRUCTIONS_SHEET } from './rows';

/**
 * Writes an export (.xlsx) row by row with exceljs's streaming WorkbookWriter to a file, so that a district's
 * register is never held as a workbook in memory: each row is committed as it comes from its page of the index.
 * Cells are typed: text (formatted as text, so ID numbers and codes keep their digits), calendar dates (real dates
 * shown 2026年1月1日; the import reads them back as YYYY-MM-DD), yuan (a number with two decimals, made from integer
 * fen by the caller) and counts. A 说明 sheet comes last (the import skips it).
 */
export type ExportCellType = 'text' | 'date' | 'yuan' | 'count';

export interface ExportColumn {
  readonly header: string;
  readonly type: ExportCellType;
  readonly width?: number;
}

/** A row's cells in column order: text, a YYYY-MM-DD date, yuan (a number), a count; undefined is empty. */
export type ExportCell = string | number | undefined;

const NUMBER_FORMATS: Readonly<Record<ExportCellType, string>> = {
  text: '@',
  date: 'yyyy"年"m"月"d"日"',
  yuan: '#,##0.00',
  count: '0',
};

/** A calendar date as Excel stores one: the day at UTC midnight (no time zone shifts the day). */
const excelDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

const cellValue = (type: ExportCellType, value: ExportCell): ExcelJS.CellValue => {
  if (value === undefined || value === '') return null;
  if (type === 'date' && typeof value === 'string') return excelDate(value);
  return value;
};

export async function writeExportWorkbook(
  path: string,
  sheetTitle: string,
  columns: readonly ExportColumn[],
  rows: AsyncIterable<readonly ExportCell[]>,
  notes: readonly string[],
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = '济南市社会工作服务站管理系统';
  const sheet = workbook.addWorksheet(sheetTitle, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(12, c.header.length * 2 + 4),
    style: { numFmt: NUMBER_FORMATS[c.type] },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.numFmt = '@';
  });
  header.commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(columns.map((c, i) => cellValue(c.type, row[i]))).commit();
    count += 1;
  }
  sheet.commit();
  const info = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  info.columns = [{ header: '说明', width: 100 }];
  info.getRow(1).font = { bold: true };
  for (const line of [...notes, `共 ${count} 行。`]) info.addRow([line]).commit();
  info.commit();
  await workbook.commit();
  return count;
}
