import { INSTRUCTIONS_SHEET } from '#shared/domain/imports/import';
import { type CellFormat, xlsxBuffer } from './xlsx-writer';

/**
 * Writes an export (.xlsx) row by row, so that a district's register is never held as rows or a workbook in memory:
 * each row is written and compressed as it comes from its page of the index (./xlsx-writer.ts), and only the
 * zipped bytes are kept, to be hashed and put in S3 — never on the function's disk, where an unmasked export's
 * personal data would lie in clear. Cells are
 * typed: text (formatted as text, so ID numbers and codes keep their digits), calendar dates (real dates shown
 * 2026年1月1日; the import reads them back as YYYY-MM-DD), yuan (a number with two decimals, made from integer fen
 * by the caller) and counts. A 说明 sheet comes last (the import skips it), ending with the number of rows.
 */
export type ExportCellType = Exclude<CellFormat, 'general'>;

export interface ExportColumn {
  readonly header: string;
  readonly type: ExportCellType;
  readonly width?: number;
}

/** A row's cells in column order: text, a YYYY-MM-DD date, yuan (a number), a count; undefined is empty. */
export type ExportCell = string | number | undefined;

export async function writeExportWorkbook(
  sheetTitle: string,
  columns: readonly ExportColumn[],
  rows: AsyncIterable<readonly ExportCell[]>,
  notes: readonly string[],
): Promise<{ bytes: Buffer; rows: number }> {
  let count = 0;
  async function* counted() {
    for await (const row of rows) {
      count += 1;
      yield row;
    }
  }
  // The 说明 sheet is written after the data sheet, so its last line can count the rows.
  function* instructions() {
    for (const line of notes) yield [line];
    yield [`共 ${count} 行。`];
  }
  const bytes = await xlsxBuffer([
    {
      name: sheetTitle,
      freezeHeader: true,
      columns: columns.map((c) => ({
        header: c.header,
        // A date shows as 2026年11月30日, which needs 16 columns however short its header.
        width: Math.max(c.width ?? Math.max(12, c.header.length * 2 + 4), c.type === 'date' ? 16 : 0),
        format: c.type,
      })),
      rows: counted(),
    },
    { name: INSTRUCTIONS_SHEET, columns: [{ header: '说明', width: 100 }], rows: instructions() },
  ]);
  return { bytes, rows: count };
}
