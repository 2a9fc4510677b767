import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { type PDFDict, PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';
import yazl from 'yazl';

/**
 * Real report files made in code for the R9.4 checks: Chinese PDFs whose text pdf.js extracts exactly, DOCX files
 * as Word writes them, and the hostile inputs an upload must survive (zip bomb, renamed executable, image, OLE).
 * Nothing depends on fonts or files of the machine, so CI starting clean makes the same bytes.
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
   */
  readonly encoding?: 'identity' | 'unigb-ucs2';
}

const LINES_PER_PAGE = 40;

/**
 * A PDF with one line of text per entry (BMP characters only), 40 lines a page, each page framed by a rectangle;
 * no lines gives one page with only the rectangle (no text). pdf-lib's standard fonts cannot encode Chinese and no
 * font file is embedded: the text is a Type0 font whose codes are the UTF-16 code units themselves, so a 256-line
 * ToUnicode CMap (`<XX00> <XXFF> <XX00>`) maps every code back to the same character.
 */
export async function makePdf(lines: readonly string[], options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = chineseFont(doc, options.encoding ?? 'identity');
  const pages = lines.length === 0 ? [[]] : chunk(lines, LINES_PER_PAGE);
  for (const pageLines of pages) {
    const page = doc.addPage([595, 842]);
    page.node.setFontDictionary(PDFName.of('F1'), font);
    const text = pageLines.map((line, i) => `BT /F1 14 Tf 56 ${770 - i * 18} Td <${utf16Hex(line)}> Tj ET`);
    const content = doc.context.register(
      doc.context.flateStream(['0.5 w 40 40 515 762 re S', ...text].join('\n')),
    );
    page.node.set(PDFName.of('Contents'), doc.context.obj([content]));
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

function chineseFont(doc: PDFDocument, encoding: 'identity' | 'unigb-ucs2'): PDFRef {
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
  const hex = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
  const ranges = Array.from({ length: 256 }, (_, hi) => `<${hex(hi)}00> <${hex(hi)}FF> <${hex(hi)}00>`);
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
    // A bfrange section holds at most 100 ranges.
    ...chunk(ranges, 100).map((part) => `${part.length} beginbfrange\n${part.join('\n')}\nendbfrange`),
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
export async function makeDocx(
  paragraphs: readonly { text: string; heading?: boolean }[],
): Promise<Uint8Array> {
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

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ' +
  'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

/**
 * A .docx-looking zip ([Content_Types].xml + word/document.xml) whose document.xml inflates to 300 MiB of spaces;
 * about 300 KB on disk, made in about a second. With `understateSizes` the central directory claims document.xml
 * inflates to 4 KiB, which only a check that counts inflated bytes can catch.
 */
export async function makeZipBomb(options: { understateSizes?: boolean } = {}): Promise<Uint8Array> {
  bomb ??= deflateBomb();
  const bytes = Buffer.from(await bomb);
  if (options.understateSizes) understate(bytes, 'word/document.xml', 4096);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Made once per test file: deflating 300 MiB is the slow part. */
let bomb: Promise<Buffer> | undefined;

async function deflateBomb(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  const megabyte = Buffer.alloc(1 << 20, 0x20);
  let sent = 0;
  const spaces = new Readable({
    read() {
      this.push(sent++ < 300 ? megabyte : null);
    },
  });
  zip.addReadStream(spaces, 'word/document.xml', { size: 300 * megabyte.length, compressionLevel: 9 });
  zip.end();
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Rewrites the uncompressed size of one central-directory record (signature PK\x01\x02, size at offset 24). */
function understate(zip: Buffer, name: string, size: number): void {
  for (let at = zip.indexOf('PK\x01\x02'); at >= 0; at = zip.indexOf('PK\x01\x02', at + 4)) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      zip.writeUInt32LE(size, at + 24);
      return;
    }
  }
  throw new Error(`makeZipBomb: no central directory record for ${name}`);
}

/**
 * The first bytes of a program: an ELF64 header for x86-64 Linux (default), or a DOS/PE stub ("MZ", e_lfanew
 * pointing at "PE\0\0" and a COFF header for x86-64) as a Windows .exe starts.
 */
export function makeExecutable(kind: 'elf' | 'pe' = 'elf'): Uint8Array {
  if (kind === 'pe') {
    const pe = Buffer.alloc(512);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.writeUInt16LE(0x8664, 0x84); // machine: x86-64
    pe.writeUInt16LE(1, 0x86); // one section
    pe.writeUInt16LE(0xf0, 0x94); // optional header size
    pe.writeUInt16LE(0x22, 0x96); // executable, large-address aware
    pe.writeUInt16LE(0x20b, 0x98); // PE32+
    return new Uint8Array(pe);
  }
  const elf = Buffer.alloc(120);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0); // \x7fELF, 64-bit, little-endian, version 1, System V
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(0x3e, 18); // x86-64
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(0x400078n, 24); // entry point
  elf.writeBigUInt64LE(64n, 32); // program headers right after this header
  elf.writeUInt16LE(64, 52); // header size
  elf.writeUInt16LE(56, 54); // program header size
  elf.writeUInt16LE(1, 56); // one program header
  elf.writeUInt32LE(1, 64); // PT_LOAD
  elf.writeUInt32LE(5, 68); // read + execute
  return new Uint8Array(elf);
}

/** A valid 1×1 PNG (a photo of the report instead of the report). */
export function makePng(): Uint8Array {
  const chunkOf = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunkOf('IHDR', header),
      chunkOf('IDAT', deflateSync(Buffer.from([0, 0xc0, 0x30, 0x30]))),
      chunkOf('IEND', Buffer.alloc(0)),
    ]),
  );
}

/**
 * An OLE compound file (MS-CFB) as far as a sniffer reads it: the header and one directory sector. 'doc' names the
 * streams of a Word 97–2003 document (WordDocument, 1Table); 'encrypted-docx' those Office writes when a .docx gets
 * an open password (EncryptionInfo, EncryptedPackage). Not a complete file: no FAT chains, no stream data.
 */
export function makeOleDocument(kind: 'doc' | 'encrypted-docx'): Uint8Array {
  const file = Buffer.alloc(1024);
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  file.writeUInt16LE(0x3e, 0x18); // minor version
  file.writeUInt16LE(3, 0x1a); // major version 3: 512-byte sectors
  file.writeUInt16LE(0xfffe, 0x1c); // little-endian
  file.writeUInt16LE(9, 0x1e); // sector shift
  file.writeUInt16LE(6, 0x20); // mini sector shift
  file.writeUInt32LE(0, 0x30); // first directory sector
  const names =
    kind === 'doc'
      ? ['Root Entry', 'WordDocument', '1Table']
      : ['Root Entry', 'EncryptionInfo', 'EncryptedPackage'];
  names.forEach((name, i) => {
    const at = 512 + i * 128;
    file.write(name, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 64);
    file.writeUInt8(i === 0 ? 5 : 2, at + 66); // root storage, then streams
  });
  return new Uint8Array(file);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
