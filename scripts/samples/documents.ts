import { createHash, randomBytes } from 'node:crypto';
import { type PDFDict, PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';
import { drawEmbedded, type PdfLine } from '#shared/documents/chinese-documents';

export { makeDocx, type PdfLine } from '#shared/documents/chinese-documents';

/**
 * Real report files made in code: Chinese PDFs whose text pdf.js extracts exactly and DOCX files as Word writes
 * them. One generator for the tests (test/helpers/documents.ts re-exports it, beside the hostile inputs) and for
 * `npm run sample` (scripts/sample.ts), which writes the sample documents a user uploads in the README's
 * walkthroughs. The embedded-font PDF and the DOCX are drawn by shared/documents/chinese-documents.ts, the one copy
 * the API's brief draft uses too; the variants only tests need (other encodings, encryption, padding) are here.
 * Nothing depends on fonts or files of the machine: the embedded font comes from an npm package, so CI starting
 * clean makes the same files.
 */

export interface PdfOptions {
  /** Grow the file to about this many bytes with an image of random (incompressible) pixels on the last page. */
  readonly padToBytes?: number;
  /**
   * An /Encrypt dictionary in the trailer (Standard security handler, V4/R4, 128-bit key), with O and U computed
   * as the spec says: 'owner' has an empty user password (pdf.js opens it without one, as readers do), 'user' needs
   * the password `user-secret` to open. Strings and streams are left in clear through the Identity crypt filters
   * (no /StmF or /StrF), which V4 allows; the password check itself is real. Verified with unpdf's pdf.js: the
   * owner-only file opens with no password and reports `EncryptFilterName` 'Standard'; the user one throws
   * PasswordException (NEED_PASSWORD) without a password, and opens with `user-secret` or `owner-secret`.
   */
  readonly encrypt?: 'owner' | 'user';
  /**
   * How the Chinese text is encoded. 'identity' (default): a Type0 font, Identity-H, with a ToUnicode CMap, as
   * Word, WPS and most tools write subset fonts. 'unigb-ucs2': the non-embedded STSong-Light with the predefined
   * UniGB-UCS2-H CMap and no ToUnicode, as iText with its Asian fonts writes; pdf.js needs its CMap files for it.
   * 'embedded': Noto Sans SC (the @fontsource/noto-sans-sc package) embedded with a ToUnicode CMap, as a word
   * processor exports a PDF: the file reads and prints the same on any machine. Only the outlines of the glyphs
   * the text uses are embedded (about 100 KB a file; see keepGlyphs).
   * Long lines wrap at the page's width and a page holds as many lines as fit.
   */
  readonly encoding?: 'identity' | 'unigb-ucs2' | 'embedded';
}

const LINES_PER_PAGE = 40;

const asLine = (line: string | PdfLine): PdfLine => (typeof line === 'string' ? { text: line } : line);

/**
 * A PDF with one line of text per entry (BMP characters only), 40 lines a page, each page framed by a rectangle;
 * no lines gives one page with only the rectangle (no text). pdf-lib's standard fonts cannot encode Chinese and no
 * font file is embedded: the text is a Type0 font whose codes are the UTF-16 code units themselves, so a
 * ToUnicode CMap (`<XXXX> <XXXX>` for each code the text uses) maps every code back to the same character.
 */
export async function makePdf(
  lines: readonly (string | PdfLine)[],
  options: PdfOptions = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (options.encoding === 'embedded') await drawEmbedded(doc, lines.map(asLine));
  else {
    const texts = lines.map((line) => asLine(line).text);
    const font = chineseFont(doc, options.encoding ?? 'identity', texts);
    const pages = texts.length === 0 ? [[]] : chunk(texts, LINES_PER_PAGE);
    for (const pageLines of pages) {
      const page = doc.addPage([595, 842]);
      page.node.setFontDictionary(PDFName.of('F1'), font);
      const text = pageLines.map((line, i) => `BT /F1 14 Tf 56 ${770 - i * 18} Td <${utf16Hex(line)}> Tj ET`);
      const content = doc.context.register(
        doc.context.flateStream(['0.5 w 40 40 515 762 re S', ...text].join('\n')),
      );
      page.node.set(PDFName.of('Contents'), doc.context.obj([content]));
    }
  }
  if (options.encrypt) encryptTrailer(doc, options.encrypt);
  const saveOptions = { useObjectStreams: !options.encrypt };
  const bytes = await doc.save(saveOptions);
  const padding = (options.padToBytes ?? 0) - bytes.length - 600;
  if (padding <= 0) return bytes;

  const width = 1024;
  const height = Math.ceil(padding / (width * 3));
  const image = doc.context.register(
    doc.context.stream(randomBytes(width * height * 3), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: height,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
    }),
  );
  const last = doc.getPages().at(-1);
  last?.node.setXObject(PDFName.of('Im1'), image);
  last?.node.addContentStream(doc.context.register(doc.context.stream('q 200 0 0 100 300 60 cm /Im1 Do Q')));
  return doc.save(saveOptions);
}

function chineseFont(
  doc: PDFDocument,
  encoding: 'identity' | 'unigb-ucs2',
  texts: readonly string[],
): PDFRef {
  const ctx = doc.context;
  const systemInfo = (ordering: string, supplement: number) => ({
    Registry: PDFHexString.fromText('Adobe'),
    Ordering: PDFHexString.fromText(ordering),
    Supplement: supplement,
  });
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: 'STSong-Light',
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    }),
  );
  if (encoding === 'unigb-ucs2') {
    const cid = ctx.register(
      ctx.obj({
        Type: 'Font',
        Subtype: 'CIDFontType0',
        BaseFont: 'STSong-Light',
        CIDSystemInfo: systemInfo('GB1', 4),
        FontDescriptor: descriptor,
        DW: 1000,
      }),
    );
    return ctx.register(
      ctx.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: 'STSong-Light-UniGB-UCS2-H',
        Encoding: 'UniGB-UCS2-H',
        DescendantFonts: [cid],
      }),
    );
  }
  // Only the codes the text uses, one by one, as a subset font's map lists only its glyphs: a map of all 65,536
  // codes (256 ranges) cost pdf.js about 80 ms a file to read, several times the rest of the check.
  const codes = [...new Set(texts.flatMap((text) => [...text].map((ch) => ch.charCodeAt(0))))].sort(
    (a, b) => a - b,
  );
  const hex4 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
  const mappings = codes.map((code) => `<${hex4(code)}> <${hex4(code)}>`);
  const toUnicode = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    // A bfchar section holds at most 100 mappings.
    ...chunk(mappings, 100).map((part) => `${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`),
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const cid = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: systemInfo('Identity', 0),
      FontDescriptor: descriptor,
      DW: 1000,
      CIDToGIDMap: 'Identity',
    }),
  );
  return ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'STSong-Light',
      Encoding: 'Identity-H',
      DescendantFonts: [cid],
      ToUnicode: ctx.register(ctx.flateStream(toUnicode)),
    }),
  );
}

function utf16Hex(line: string): string {
  let hex = '';
  for (let i = 0; i < line.length; i++) {
    const unit = line.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff)
      throw new Error(`makePdf: only BMP characters are supported: ${line}`);
    hex += unit.toString(16).padStart(4, '0').toUpperCase();
  }
  return hex;
}

// The Standard security handler (ISO 32000-1 §7.6.3, algorithms 2, 3 and 5) for V4/R4 with a 128-bit key.
const PASSWORD_PADDING = Buffer.from(
  '28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a',
  'hex',
);
const KEY_BYTES = 16;

function encryptTrailer(doc: PDFDocument, mode: 'owner' | 'user'): void {
  const id = randomBytes(16);
  const permissions = -3904; // print, copy and annotate withheld: what "restrict editing" sets
  const user = padPassword(mode === 'user' ? 'user-secret' : '');

  let ownerHash = md5(padPassword('owner-secret'));
  for (let i = 0; i < 50; i++) ownerHash = md5(ownerHash);
  const o = rc4Twenty(ownerHash.subarray(0, KEY_BYTES), user);

  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  let key = md5(user, o, p, id);
  for (let i = 0; i < 50; i++) key = md5(key.subarray(0, KEY_BYTES));
  const u = Buffer.concat([
    rc4Twenty(key.subarray(0, KEY_BYTES), md5(PASSWORD_PADDING, id)),
    Buffer.alloc(16),
  ]);

  const ctx = doc.context;
  ctx.trailerInfo.Encrypt = ctx.register(
    ctx.obj({
      Filter: 'Standard',
      V: 4,
      R: 4,
      Length: 128,
      P: permissions,
      O: PDFHexString.of(o.toString('hex')),
      U: PDFHexString.of(u.toString('hex')),
      CF: { StdCF: { CFM: 'V2', AuthEvent: 'DocOpen', Length: KEY_BYTES } },
    }) as PDFDict,
  );
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id.toString('hex')), PDFHexString.of(id.toString('hex'))]);
}

const md5 = (...parts: Uint8Array[]) => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

function padPassword(password: string): Buffer {
  const bytes = Buffer.from(password, 'latin1').subarray(0, 32);
  return Buffer.concat([bytes, PASSWORD_PADDING.subarray(0, 32 - bytes.length)]);
}

/** RC4 with the key, then 19 more passes with the key XOR 1…19 (R3 and later). */
function rc4Twenty(key: Uint8Array, data: Uint8Array): Buffer {
  let out = rc4(key, data);
  for (let i = 1; i <= 19; i++)
    out = rc4(
      key.map((b) => b ^ i),
      out,
    );
  return out;
}

function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  const at = (i: number) => s[i] ?? 0;
  const swap = (i: number, j: number) => {
    const t = at(i);
    s[i] = at(j);
    s[j] = t;
  };
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + at(i) + (key[i % key.length] ?? 0)) & 255;
    swap(i, j);
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + at(i)) & 255;
    swap(i, j);
    out[k] = (data[k] ?? 0) ^ at((at(i) + at(j)) & 255);
  }
  return out;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
