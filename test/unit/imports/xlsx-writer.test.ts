import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeExportWorkbook } from '#shared/adapters/spreadsheet/export-writer';
import { readRows } from '#shared/adapters/spreadsheet/rows';
import { templateWorkbook } from '#shared/adapters/spreadsheet/template';
import { columnName, excelSerialDay, xlsxBuffer } from '#shared/adapters/spreadsheet/xlsx-writer';
import { workersKind } from '#shared/application/imports/kinds';

/** Read back with exceljs, the reader the import uses, as a person's spreadsheet program would open it. */
const open = async (bytes: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
};

const collect = async <T>(rows: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
};

describe('the .xlsx writer of templates and exports', () => {
  it('names columns as a spreadsheet does, past Z', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it("turns a calendar date into Excel's serial day, whatever the leap years", () => {
    expect(excelSerialDay('1900-03-01')).toBe(61);
    expect(excelSerialDay('2026-01-01')).toBe(46023);
    expect(excelSerialDay('2028-02-29')).toBe(46812);
  });

  it("writes a kind's template that opens with its sheets, text columns, bold frozen header and example row", async () => {
    const kind = workersKind;
    const bytes = await templateWorkbook(kind.title, kind.columns);
    const workbook = await open(bytes);

    expect(workbook.worksheets.map((s) => s.name)).toEqual([kind.title, '说明']);
    const data = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(data.getRow(1).values).toEqual([
      undefined,
      ...kind.columns.map((c) => (c.required ? `${c.header}＊` : c.header)),
    ]);
    expect(kind.columns.map((_, i) => data.getCell(2, i + 1).value ?? '')).toEqual(
      kind.columns.map((c) => c.example),
    );
    expect(data.getCell('A1').font?.bold).toBe(true);
    expect(data.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Every column is text, empty cells included: an ID number typed in keeps its 18 digits.
    for (let i = 1; i <= kind.columns.length; i++) {
      expect(data.getColumn(i).numFmt, columnName(i - 1)).toBe('@');
      expect(data.getCell(2, i).numFmt).toBe('@');
      expect(data.getColumn(i).width).toBeGreaterThanOrEqual(14);
    }
    const notes = workbook.worksheets[1] as ExcelJS.Worksheet;
    expect(notes.getRow(2).values).toEqual([
      undefined,
      kind.columns[0]?.header,
      kind.columns[0]?.required ? '必填' : '选填',
      kind.columns[0]?.note,
      kind.columns[0]?.example,
    ]);
    expect(String(notes.getCell(kind.columns.length + 3, 1).value)).toMatch(/^在「/);
    // And the import's own streaming reader takes it, skipping the 说明 sheet.
    const rows = await collect(readRows(bytes, 'xlsx'));
    expect(rows.map((r) => r.row)).toEqual([1, 2]);
    expect(rows[1]?.cells.join('|')).toBe(
      kind.columns
        .map((c) => c.example)
        .join('|')
        .replace(/\|+$/, ''),
    );
  });

  it('writes typed export cells (dates shown the Chinese way, yuan, counts, text) and counts the rows in 说明', async () => {
    async function* rows() {
      yield ['370102199001011234', '2026-01-01', 1234.5, 3];
      yield ['<&> "引号" \u0007', '2028-02-29', 0.01, 0];
      yield ['', undefined, undefined, undefined];
    }
    const { bytes, rows: count } = await writeExportWorkbook(
      '社工',
      [
        { header: '身份证号', type: 'text' },
        { header: '入职日期', type: 'date' },
        { header: '金额（元）', type: 'yuan' },
        { header: '次数', type: 'count', width: 8 },
      ],
      rows(),
      ['第一行说明'],
    );
    expect(count).toBe(3);
    const sheet = (await open(bytes)).worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toBe('370102199001011234');
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(sheet.getCell('B2').value).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(sheet.getCell('C2').value).toBe(1234.5);
    expect(sheet.getCell('C2').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('D2').value).toBe(3);
    expect(sheet.getCell('D2').numFmt).toBe('0');
    expect(sheet.getCell('D3').value).toBe(0);
    // XML's special characters survive; a control character XML cannot carry is dropped.
    expect(sheet.getCell('A3').value).toBe('<&> "引号" ');
    expect(sheet.getCell('B3').value).toEqual(new Date('2028-02-29T00:00:00Z'));
    expect(sheet.getCell('A4').value).toBeNull();
    expect(sheet.getColumn(4).width).toBe(8);
    expect(sheet.getColumn(1).width).toBe(12);
    // Wide enough for 2026年11月30日 (a spreadsheet shows ### in a narrower column).
    expect(sheet.getColumn(2).width).toBe(16);
    const notes = (await open(bytes)).getWorksheet('说明') as ExcelJS.Worksheet;
    expect(notes.getColumn(1).values.slice(1)).toEqual(['说明', '第一行说明', '共 3 行。']);
    // The import reads the dates back as calendar dates.
    const read = await collect(readRows(bytes, 'xlsx'));
    expect(read[1]?.cells).toEqual(['370102199001011234', '2026-01-01', '1234.5', '3']);
  });

  it('streams a large sheet from an async source, row order and count intact', async () => {
    async function* many() {
      for (let i = 0; i < 20_000; i++) yield [`第${i}行`, i];
    }
    const bytes = await xlsxBuffer([
      {
        name: '数据',
        columns: [
          { header: '文字', width: 12, format: 'text' },
          { header: '数', width: 8, format: 'count' },
        ],
        rows: many(),
      },
    ]);
    const rows = await collect(readRows(bytes, 'xlsx'));
    expect(rows).toHaveLength(20_001);
    expect(rows[20_000]).toEqual({ row: 20_001, cells: ['第19999行', '19999'] });
  });

  it('fails, not truncates, when the rows fail midway', async () => {
    async function* broken() {
      yield ['一'];
      throw new Error('读取中断');
    }
    await expect(
      xlsxBuffer([{ name: '数据', columns: [{ header: '列', width: 10 }], rows: broken() }]),
    ).rejects.toThrow('读取中断');
  });
});
