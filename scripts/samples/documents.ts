import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { type PDFDict, PDFDocument, type PDFFont, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';

/**
 * Real report files made in code: Chinese PDFs whose text pdf.js extracts exactly and DOCX files as Word writes
 * them. One generator for the tests (test/helpers/documents.ts re-exports it, beside the hostile inputs) and for
 * `npm run sample` (scripts/sample.ts), which writes the sample documents a user uploads in the README's
 * walkthroughs. Nothing depends on fonts or files of the machine: the embedded font comes from an npm package, so
 * CI starting clean makes the same files.
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

/** A line of a document: a heading is set larger in an embedded-font PDF and in 标题 1 style in a DOCX. */
export interface PdfLine {
  readonly text: string;
  readonly heading?: boolean;
}

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

/** The regular weight of Noto Sans SC's simplified-Chinese file (about 8,000 glyphs: GB2312's hanzi, Latin, digits, punctuation). */
const NOTO_SANS_SC = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';
let notoSansSc: Promise<{ sfnt: Buffer; font: ReturnType<typeof fontkit.create> }> | undefined;

/** A4 with 2 cm margins; body text 11 pt, headings 15 pt, the first line (the title) 18 pt. */
async function drawEmbedded(doc: PDFDocument, lines: readonly PdfLine[]): Promise<void> {
  doc.registerFontkit(fontkit);
  notoSansSc ??= readFile(createRequire(import.meta.url).resolve(NOTO_SANS_SC)).then((woff) => {
    const sfnt = sfntOfWoff(woff);
    return { sfnt, font: fontkit.create(sfnt) };
  });
  const { sfnt, font: full } = await notoSansSc;
  const used = new Set(full.layout(lines.map((line) => line.text).join('')).glyphs.map((glyph) => glyph.id));
  const font = await doc.embedFont(keepGlyphs(sfnt, used), { subset: false });
  const [width, height, margin] = [595, 842, 56];
  let page = doc.addPage([width, height]);
  let y = height - margin;
  lines.forEach((line, i) => {
    const size = i === 0 ? 18 : line.heading ? 15 : 11;
    const gap = line.heading || i === 0 ? size * 0.8 : 0;
    for (const [j, part] of wrap(line.text, font, size, width - 2 * margin).entries()) {
      y -= size * 1.6 + (j === 0 ? gap : 0);
      if (y < margin) {
        page = doc.addPage([width, height]);
        y = height - margin - size * 1.6;
      }
      const x = i === 0 ? (width - font.widthOfTextAtSize(part, size)) / 2 : margin;
      page.drawText(part, { x, y, size, font });
    }
  });
}

/**
 * The TrueType font inside a WOFF 1.0 file (W3C WOFF §4–5): each table inflated once with node:zlib and laid out
 * again with an sfnt table directory. fontkit reads WOFF itself but inflates a table (in JavaScript) every time it
 * reads from it, which made one page take half a minute; from the plain font it takes well under a second.
 */
function sfntOfWoff(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const tables = Array.from({ length: woff.readUInt16BE(12) }, (_, i) => {
    const at = 44 + i * 20;
    const [offset, compLength, origLength] = [
      woff.readUInt32BE(at + 4),
      woff.readUInt32BE(at + 8),
      woff.readUInt32BE(at + 12),
    ];
    const stored = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.toString('latin1', at, at + 4),
      data: compLength < origLength ? inflateSync(stored) : stored,
    };
  });
  return sfntOf(woff.readUInt32BE(4), tables);
}

/**
 * The font with the outlines of only the glyphs `used` (and those their composite glyphs are built from, and
 * .notdef): every other glyph keeps its id but has no outline, so the file carries a few hundred KB instead of the
 * whole font, and the ids pdf-lib writes stay valid. fontkit's own subsetting (pdf-lib's `subset: true`) drops the
 * outlines of most glyphs of this font: the text extracts but prints blank.
 */
function keepGlyphs(sfnt: Buffer, used: ReadonlySet<number>): Buffer {
  const count = sfnt.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const offset = sfnt.readUInt32BE(at + 8);
    tables.set(
      sfnt.toString('latin1', at, at + 4),
      sfnt.subarray(offset, offset + sfnt.readUInt32BE(at + 12)),
    );
  }
  const head = Buffer.from(tables.get('head') ?? Buffer.alloc(0));
  const loca = tables.get('loca') ?? Buffer.alloc(0);
  const glyf = tables.get('glyf') ?? Buffer.alloc(0);
  const glyphs = (tables.get('maxp') ?? Buffer.alloc(6)).readUInt16BE(4);
  const long = head.readInt16BE(50) === 1;
  const start = (id: number) => (long ? loca.readUInt32BE(id * 4) : loca.readUInt16BE(id * 2) * 2);
  const glyph = (id: number) => glyf.subarray(start(id), start(id + 1));

  const keep = new Set([0]);
  const add = (id: number) => {
    if (keep.has(id) || id >= glyphs) return;
    keep.add(id);
    const data = glyph(id);
    if (data.length === 0 || data.readInt16BE(0) >= 0) return;
    // A composite glyph: its components (flags, glyph index, arguments, transform), while MORE_COMPONENTS is set.
    for (let at = 10, more = true; more; ) {
      const flags = data.readUInt16BE(at);
      add(data.readUInt16BE(at + 2));
      at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      more = (flags & 0x20) !== 0;
    }
  };
  for (const id of used) add(id);

  const newLoca = Buffer.alloc((glyphs + 1) * 4);
  const kept: Buffer[] = [];
  let offset = 0;
  for (let id = 0; id < glyphs; id++) {
    newLoca.writeUInt32BE(offset, id * 4);
    if (!keep.has(id)) continue;
    const data = Buffer.alloc((glyph(id).length + 3) & ~3);
    glyph(id).copy(data);
    kept.push(data);
    offset += data.length;
  }
  newLoca.writeUInt32BE(offset, glyphs * 4);
  head.writeInt16BE(1, 50); // indexToLocFormat: long offsets
  tables.set('head', head);
  tables.set('loca', newLoca);
  tables.set('glyf', Buffer.concat(kept));
  return sfntOf(
    sfnt.readUInt32BE(0),
    [...tables].map(([tag, data]) => ({ tag, data })),
  );
}

/** An sfnt file of these tables (checksums left as they were read: PDF readers do not verify them). */
function sfntOf(version: number, tables: readonly { tag: string; data: Buffer }[]): Buffer {
  const count = tables.length;
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(version, 0);
  header.writeUInt16BE(count, 4);
  const log2 = Math.floor(Math.log2(count));
  header.writeUInt16BE(2 ** log2 * 16, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(count * 16 - 2 ** log2 * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach((table, i) => {
    const at = 12 + i * 16;
    header.write(table.tag, at, 'latin1');
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** Punctuation that never starts a line (禁则): it stays at the end of the line before, past the margin. */
const NO_LINE_START = '，。、；：？！）》」』”’%';

/** Breaks a line where it would pass the width; Chinese text breaks between any two characters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of text) {
    if (current !== '' && !NO_LINE_START.includes(ch) && font.widthOfTextAtSize(current + ch, size) > width) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  return [...parts, current];
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

/** A DOCX as Word would save it (docx's Packer); headings use the built-in 标题 1 style. */
export async function makeDocx(paragraphs: readonly PdfLine[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: paragraphs.map((p) =>
          p.heading
            ? new Paragraph({ text: p.text, heading: HeadingLevel.HEADING_1 })
            : new Paragraph(p.text),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
