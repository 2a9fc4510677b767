import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, type PDFFont } from 'pdf-lib';

/**
 * Chinese documents made in code: a PDF with Noto Sans SC embedded (only the outlines of the glyphs its text uses)
 * and a DOCX as Word saves it. One copy for the monthly brief draft the API generates (issue 19 item 3,
 * `shared/application/reports/brief-draft.use-case.ts`) and for the sample documents of the tests and of
 * `npm run sample` (scripts/samples/documents.ts). Nothing depends on fonts of the machine: the font comes from the
 * @fontsource/noto-sans-sc package, which a Lambda bundle ships beside its handler (`NOTO_SANS_SC_FILES` in
 * ./font-files.ts).
 */

/** A line of a document: a heading is set larger in the PDF and in 标题 1 style in the DOCX. */
export interface PdfLine {
  readonly text: string;
  readonly heading?: boolean;
}

/** A PDF of these lines, A4, the font embedded: the first line is the title (see {@link drawEmbedded}). */
export async function makeEmbeddedPdf(lines: readonly PdfLine[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  await drawEmbedded(doc, lines);
  return doc.save({ useObjectStreams: true });
}

/** The regular weight of Noto Sans SC's simplified-Chinese file (about 8,000 glyphs: GB2312's hanzi, Latin, digits, punctuation). */
const NOTO_SANS_SC = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';
let notoSansSc: Promise<{ sfnt: Buffer; font: ReturnType<typeof fontkit.create> }> | undefined;

/** A4 with 2 cm margins; body text 11 pt, headings 15 pt, the first line (the title) 18 pt. */
export async function drawEmbedded(doc: PDFDocument, lines: readonly PdfLine[]): Promise<void> {
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
