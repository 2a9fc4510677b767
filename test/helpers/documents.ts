import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import yazl from 'yazl';

/**
 * Real report files made in code for the R9.4 checks. The Chinese PDFs and the DOCX files come from the one
 * generator `npm run sample` also uses (scripts/samples/documents.ts); here are the hostile inputs an upload must
 * survive (zip bomb, renamed executable, image, OLE). Nothing depends on fonts or files of the machine, so CI
 * starting clean makes the same bytes.
 */
export { makeDocx, makePdf, type PdfLine, type PdfOptions } from '../../scripts/samples/documents';

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
