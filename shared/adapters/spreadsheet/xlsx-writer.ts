import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * Writes .xlsx workbooks (Office Open XML, SpreadsheetML) for the import templates and the exports: one or more
 * sheets of typed cells, column widths and formats, a bold and frozen header row. That is all the system writes, so
 * this is the few XML parts it needs over yazl's zip writer, instead of exceljs (1.2 MB in each bundle that writes,
 * about 400 ms of a cold start; docs/benchmarks.md, 1. Cold start). Reading uploads stays with exceljs
 * (./rows.ts), which the tests also use to read back what this writes.
 *
 * A sheet's rows may be an async iterable: they are turned into XML as they come and compressed into the file as a
 * stream, so an export of a district's register is never held in memory. Strings are inline (no shared string
 * table to hold), numbers are numbers, a calendar date is Excel's serial day number shown in the Chinese way.
 */
export type CellFormat = 'general' | 'text' | 'date' | 'yuan' | 'count';

export interface SheetColumn {
  readonly header: string;
  /** Width in characters (Excel's unit). */
  readonly width: number;
  /** How the column's cells are shown and what an empty cell of it takes when typed into. @default 'general' */
  readonly format?: CellFormat;
}

/** A cell: text, a number, or, in a `date` column, a calendar date `YYYY-MM-DD`; undefined or '' is empty. */
export type Cell = string | number | undefined;

export interface SheetSpec {
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  readonly rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>;
  /** The header row stays in view when scrolling. @default false */
  readonly freezeHeader?: boolean;
}

const WORKBOOK_CREATOR = '济南市社会工作服务站管理系统';

/**
 * The cell styles, by index into styles.xml's cellXfs. Built-in number formats: 49 `@` (text), 4 `#,##0.00`,
 * 1 `0`; 164 is the one custom format, the date as 2026年1月1日.
 */
const STYLE: Readonly<Record<CellFormat | 'header', number>> = {
  general: 0,
  text: 1,
  date: 2,
  yuan: 3,
  count: 4,
  header: 5,
};

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Characters XML 1.0 cannot carry (control characters other than tab and line breaks) are dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escapeXml = (text: string): string =>
  text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 date system (its serial numbers count from 1899-12-30 since the 1900 leap-day bug). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` as Excel's serial day number (no time, so no time zone can shift the day). */
export function excelSerialDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not a calendar date: ${iso}`);
  return (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - EXCEL_EPOCH_MS) / DAY_MS;
}

function cellXml(ref: string, value: Cell, format: CellFormat, style: number): string {
  if (value === undefined || value === '') return '';
  if (format === 'date' && typeof value === 'string' && ISO_DATE.test(value)) {
    return `<c r="${ref}" s="${style}"><v>${excelSerialDay(value)}</v></c>`;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return `<c r="${ref}" s="${style}"><v>${value}</v></c>`;
  }
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
}

function rowXml(
  index: number,
  cells: readonly Cell[],
  columns: readonly SheetColumn[],
  header: boolean,
): string {
  let xml = `<row r="${index}">`;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as SheetColumn;
    const format = header ? 'text' : (column.format ?? 'general');
    xml += cellXml(`${columnName(i)}${index}`, cells[i], format, header ? STYLE.header : STYLE[format]);
  }
  return `${xml}</row>`;
}

async function* sheetXml(sheet: SheetSpec): AsyncGenerator<string> {
  const views = sheet.freezeHeader
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  // Each column's style also applies to its empty cells, so what a person types into a text column stays text.
  const cols = sheet.columns
    .map(
      (c, i) =>
        `<col min="${i + 1}" max="${i + 1}" width="${c.width}" style="${STYLE[c.format ?? 'general']}" customWidth="1"/>`,
    )
    .join('');
  yield `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${views}<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
  yield rowXml(
    1,
    sheet.columns.map((c) => c.header),
    sheet.columns,
    true,
  );
  let index = 1;
  // Rows are gathered into chunks of about 64 KB of XML, so the zip stream is not fed one small string at a time.
  let chunk = '';
  for await (const cells of sheet.rows) {
    index += 1;
    chunk += rowXml(index, cells, sheet.columns, false);
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

function packageParts(sheets: readonly SheetSpec[]): [string, string][] {
  const overrides = sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  return [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${overrides}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ],
    [
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${escapeXml(WORKBOOK_CREATOR)}</dc:creator></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheets
        .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES_XML],
  ];
}

/**
 * The workbook as a stream of its .xlsx bytes. The sheets' rows are read as the stream is consumed; an error from
 * a sheet's rows ends the stream with that error.
 */
export function xlsxStream(sheets: readonly SheetSpec[]): NodeJS.ReadableStream {
  const zip = new yazl.ZipFile();
  // A fixed time: the same rows give the same bytes.
  const mtime = new Date(Date.UTC(2026, 0, 1));
  for (const [name, xml] of packageParts(sheets)) zip.addBuffer(Buffer.from(xml, 'utf8'), name, { mtime });
  sheets.forEach((sheet, i) => {
    const xml = Readable.from(sheetXml(sheet));
    xml.on('error', (error) => zip.outputStream.emit('error', error));
    zip.addReadStream(xml, `xl/worksheets/sheet${i + 1}.xml`, { mtime });
  });
  zip.end();
  return zip.outputStream;
}

/** The workbook in memory (a template: a few rows). */
export async function xlsxBuffer(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(sheets)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
