import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import mammoth from 'mammoth';
import { extractText, getResolvedPDFJS } from 'unpdf';
import yauzl from 'yauzl';

/**
 * R9.4: the byte-level checks of an uploaded report (月度简报, 中期报告, 终期报告). The operator uploads a PDF or
 * a DOCX straight into S3; before anyone reads it, the storage trigger runs {@link checkReportDocument} on the bytes
 * and the operator sees every reason it was refused, in Chinese. Nothing here trusts the file name or the declared
 * content type: only the bytes count, because a renamed executable or image is exactly what the check is for.
 */
export type ReportFormat = 'pdf' | 'docx';

/** The ceilings a document must stay under; `maxBytes` comes from policy, the rest from {@link DEFAULT_DOCUMENT_LIMITS}. */
export interface DocumentLimits {
  /** The upload size allowed by policy (e.g. 20 MiB); a larger file is refused without being parsed. */
  readonly maxBytes: number;
  /** DOCX: the total inflated size of all zip entries allowed; bounds what mammoth may inflate into memory. */
  readonly maxUncompressedBytes: number;
  /** DOCX: the inflated/compressed ratio allowed for one entry larger than 1 MiB inflated. */
  readonly maxCompressionRatio: number;
  /** Fewer non-whitespace characters than this means "no extractable text" (a scan, or an empty template). */
  readonly minTextChars: number;
  /**
   * DOCX: the inflated size allowed for the XML parts together (document.xml, styles, numbering, notes, rels), which
   * mammoth parses into a DOM at about 50 MB of memory per MiB of XML; defaults to {@link DEFAULT_DOCUMENT_LIMITS}.
   */
  readonly maxXmlBytes?: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * 100 MiB inflated is several times the largest real report with photos (images inflate about 1:1). The XML is
 * what costs memory and time: the check peaked at 616 MB RSS and 3–4 s a run on 9.9 MiB of document.xml, 830 MB
 * and 9.6 s on 16 MiB, and ran out of an 800 MB heap on 40 MiB (scripts/bench-report-validation.ts), while even a
 * report of a few hundred pages has only a few MiB of XML; 10 MiB keeps a 1024 MB Lambda clear of its limit. Deflate
 * reaches about 1000:1 on repetitive data while real DOCX parts stay below 20:1 (XML), so 200:1 leaves room for odd
 * documents. 20 characters is below the four headings of a monthly brief (22 characters) yet above the page
 * numbers and stamps a scanned document may carry as text.
 */
export const DEFAULT_DOCUMENT_LIMITS: Omit<DocumentLimits, 'maxBytes'> & { readonly maxXmlBytes: number } = {
  maxUncompressedBytes: 100 * MiB,
  maxCompressionRatio: 200,
  minTextChars: 20,
  maxXmlBytes: 10 * MiB,
};

export type RejectCode =
  | 'EMPTY_FILE'
  | 'TOO_LARGE'
  | 'NOT_PDF_OR_DOCX'
  | 'ENCRYPTED'
  | 'ARCHIVE_SUSPICIOUS'
  | 'CORRUPT'
  | 'NO_TEXT'
  | 'MISSING_HEADINGS';

/** One reason a document is refused; `message` is shown to the operator as is, so it names sizes and headings. */
export interface RejectReason {
  readonly code: RejectCode;
  readonly message: string;
}

export type DocumentCheck =
  | {
      readonly ok: true;
      readonly format: ReportFormat;
      readonly contentType: string;
      readonly sha256: string;
      readonly bytes: number;
      /** Non-whitespace characters extracted (code points). */
      readonly textChars: number;
      /** PDF only. */
      readonly pages?: number;
    }
  | {
      readonly ok: false;
      readonly sha256: string;
      readonly bytes: number;
      /** What file-type saw ('exe', 'elf', 'png', 'cfb', …), when it recognised the bytes at all. */
      readonly detected?: string;
      readonly reasons: readonly RejectReason[];
    };

const PDF_MIME = 'application/pdf';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A real DOCX has 15–60 parts; thousands of entries only make the central directory expensive to walk. */
const MAX_ZIP_ENTRIES = 2000;
/** Below this inflated size an entry cannot hurt whatever its ratio (the total is bounded anyway). */
const RATIO_GRACE_BYTES = 1 * MiB;
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04] as const;
/** The stream an encrypted OOXML package is kept in inside its CFB container (MS-OFFCRYPTO), in UTF-16LE. */
const ENCRYPTED_PACKAGE_NAME = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * Checks, in order: SHA-256 (always); empty; size against the policy limit (not parsed when over it); for a zip,
 * the central directory against the limits, before anything is inflated; the type sniffed from the bytes (only PDF
 * and DOCX pass); PDF encryption; the text extracted with pdf.js or mammoth; then the required headings. It stops at
 * the first failure that makes later checks meaningless, and otherwise reports every reason at once.
 *
 * Never throws for any input bytes: every failure becomes a reason.
 */
export async function checkReportDocument(
  bytes: Uint8Array,
  requiredHeadings: readonly string[],
  limits: DocumentLimits,
): Promise<DocumentCheck> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const size = bytes.byteLength;
  const refuse = (reasons: readonly RejectReason[], detected?: string): DocumentCheck => ({
    ok: false,
    sha256,
    bytes: size,
    ...(detected === undefined ? {} : { detected }),
    reasons,
  });

  if (size === 0) return refuse([{ code: 'EMPTY_FILE', message: '文件为空（0 字节），请重新选择文件上传' }]);
  if (size > limits.maxBytes) {
    return refuse([
      {
        code: 'TOO_LARGE',
        message: `文件大小 ${sizeOverLimit(size, limits.maxBytes)}，请压缩图片或拆分后重新上传`,
      },
    ]);
  }

  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The zip guard runs before sniffing: file-type itself inflates at most 1 MiB of [Content_Types].xml (its
    // @tokenizer/inflate limit counts inflated bytes, not declared ones), but a bomb should be named as one.
    const archive = startsWith(bytes, ZIP_LOCAL_HEADER) ? await surveyArchive(buffer, limits) : undefined;
    if (archive && !archive.ok) return refuse(archive.reasons, 'zip');

    const type = await fileTypeFromBuffer(bytes);
    if (type?.mime === PDF_MIME) {
      const read = await readPdf(bytes);
      if (!read.ok) return refuse(read.reasons, type.ext);
      const reasons = [...read.reasons, ...textReasons(read.text, requiredHeadings, limits)];
      if (reasons.length > 0) return refuse(reasons, type.ext);
      return {
        ok: true,
        format: 'pdf',
        contentType: PDF_MIME,
        sha256,
        bytes: size,
        textChars: countTextChars(read.text),
        pages: read.pages,
      };
    }
    if (type?.mime === DOCX_MIME) {
      const survey = archive ?? (await surveyArchive(buffer, limits));
      if (!survey.ok) return refuse(survey.reasons, type.ext);
      const read = await readDocx(buffer, survey, limits);
      if (!read.ok) return refuse(read.reasons, type.ext);
      const reasons = textReasons(read.text, requiredHeadings, limits);
      if (reasons.length > 0) return refuse(reasons, type.ext);
      return {
        ok: true,
        format: 'docx',
        contentType: DOCX_MIME,
        sha256,
        bytes: size,
        textChars: countTextChars(read.text),
      };
    }
    if (type?.ext === 'cfb') {
      // An encrypted .docx is an OLE container holding an EncryptedPackage stream; an old .doc/.xls/.ppt is an OLE
      // container too. The operator's fix is the same either way, so the message is too.
      const encrypted = buffer.includes(ENCRYPTED_PACKAGE_NAME);
      return refuse(
        [
          {
            code: encrypted ? 'ENCRYPTED' : 'NOT_PDF_OR_DOCX',
            message: '文档已加密，或为旧版 Word（.doc）格式，请另存为未加密的 .docx 或 PDF',
          },
        ],
        type.ext,
      );
    }
    return refuse(
      [
        {
          code: 'NOT_PDF_OR_DOCX',
          message: `文件不是 PDF 或 Word（.docx）文档（识别为：${describeType(type?.ext, bytes)}），请上传 PDF 或 .docx 格式的报告`,
        },
      ],
      type?.ext,
    );
  } catch {
    // Every known failure is mapped above; this is the promise that bytes never make the trigger throw.
    return refuse([{ code: 'CORRUPT', message: '文件已损坏或格式异常，无法读取，请重新导出后上传' }]);
  }
}

/**
 * How headings are matched, shared with callers and tests: both sides are NFKC-normalised (full-width letters and
 * digits become half-width) and stripped of all whitespace, full-width spaces (U+3000) and zero-width characters
 * included, then each heading must occur as a substring. pdf.js often puts spaces between CJK glyphs and operators
 * type "存在 问题" or "存在　问题"; none of that should make a heading missing. Returns the headings not found, as given.
 */
export function missingHeadings(text: string, required: readonly string[]): string[] {
  const haystack = normaliseForMatching(text);
  return required.filter((heading) => !haystack.includes(normaliseForMatching(heading)));
}

const normaliseForMatching = (s: string) =>
  s.normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, '');

function textReasons(text: string, required: readonly string[], limits: DocumentLimits): RejectReason[] {
  if (countTextChars(text) < limits.minTextChars) {
    return [
      {
        code: 'NO_TEXT',
        message: '未能从文件中提取文字（可能是扫描图片），请上传含可复制文字的 PDF 或 Word 文档',
      },
    ];
  }
  const missing = missingHeadings(text, required);
  if (missing.length === 0) return [];
  return [{ code: 'MISSING_HEADINGS', message: `报告缺少以下标题：${missing.join('、')}` }];
}

function countTextChars(text: string): number {
  let count = 0;
  for (const _ of text.replace(/\s+/gu, '')) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------------------------
// PDF

type PdfRead =
  | { readonly ok: true; readonly text: string; readonly pages: number; readonly reasons: RejectReason[] }
  | { readonly ok: false; readonly reasons: RejectReason[] };

/**
 * Opens the PDF with pdf.js (the build unpdf bundles) and extracts its text. Encryption is what pdf.js itself says:
 * a PasswordException when the file needs a password to open, and `getMetadata().info.EncryptFilterName` (set from
 * the trailer's /Encrypt dictionary once pdf.js has parsed it) for a file that opens without one but carries an
 * owner password. Only when pdf.js cannot open the file at all (an unsupported security handler such as
 * certificate encryption throws a plain format error) does a bare `/Encrypt` key in the bytes decide between
 * ENCRYPTED and CORRUPT. The loading task is destroyed in every case so a warm Lambda does not keep the document.
 */
async function readPdf(bytes: Uint8Array): Promise<PdfRead> {
  const { getDocument } = await getResolvedPDFJS();
  const task = getDocument({
    // pdf.js may transfer (detach) the buffer it is given; the caller's bytes stay intact.
    data: bytes.slice(),
    verbosity: 0,
    useSystemFonts: false,
    disableFontFace: true,
    ...pdfjsDataPaths(),
  });
  try {
    const pdf = await task.promise;
    const { info } = await pdf.getMetadata();
    const filter = (info as { EncryptFilterName?: unknown } | undefined)?.EncryptFilterName;
    const { text } = await extractText(pdf, { mergePages: true });
    const reasons: RejectReason[] =
      typeof filter === 'string'
        ? [
            {
              code: 'ENCRYPTED',
              message: 'PDF 文件已加密（设置了权限密码），请取消加密后重新导出上传',
            },
          ]
        : [];
    return { ok: true, text, pages: pdf.numPages, reasons };
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'PasswordException') {
      return {
        ok: false,
        reasons: [
          { code: 'ENCRYPTED', message: 'PDF 文件已加密（需要密码才能打开），请取消密码后重新导出上传' },
        ],
      };
    }
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('/Encrypt')) {
      return {
        ok: false,
        reasons: [
          { code: 'ENCRYPTED', message: 'PDF 文件使用了无法识别的加密方式，请取消加密后重新导出上传' },
        ],
      };
    }
    return {
      ok: false,
      reasons: [{ code: 'CORRUPT', message: 'PDF 文件已损坏或不完整，无法读取，请重新导出后上传' }],
    };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

let pdfjsPaths: { cMapUrl?: string; cMapPacked?: boolean; standardFontDataUrl?: string } | undefined;

/**
 * Chinese PDFs made by iText and similar tools often use a non-embedded font (STSong-Light) with a predefined CMap
 * such as UniGB-UCS2-H; without the CMap files pdf.js extracts no text from them and the report would be refused
 * as a scan. The files ship in pdfjs-dist (`cmaps/`, binary, about 1.2 MB); pdf.js in Node wants plain directory
 * paths here, not file: URLs. In a Lambda bundle they are found when the function ships
 * `node_modules/pdfjs-dist/{package.json,cmaps,standard_fonts}` beside the handler; without them everything else
 * still works and only such PDFs come out as NO_TEXT.
 */
function pdfjsDataPaths() {
  if (pdfjsPaths) return pdfjsPaths;
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const cmaps = join(root, 'cmaps');
    const fonts = join(root, 'standard_fonts');
    pdfjsPaths = {
      ...(existsSync(cmaps) ? { cMapUrl: `${cmaps}/`, cMapPacked: true } : {}),
      ...(existsSync(fonts) ? { standardFontDataUrl: `${fonts}/` } : {}),
    };
  } catch {
    pdfjsPaths = {};
  }
  return pdfjsPaths;
}

// ---------------------------------------------------------------------------------------------------------------
// DOCX

type ArchiveSurvey =
  | { readonly ok: true; readonly entries: readonly yauzl.Entry[]; readonly names: ReadonlySet<string> }
  | { readonly ok: false; readonly reasons: RejectReason[] };

/**
 * The zip-bomb guard, from the central directory alone (yauzl, nothing inflated): the entry count, each entry's
 * ratio and the declared total against the limits, and encrypted entries. What it does not cover by itself is a
 * central directory that understates the sizes: jszip (inside mammoth) inflates whatever the data holds. That is
 * covered by {@link verifyInflatedSizes}, which streams every entry once, counting, and stops at the first byte
 * beyond the declared size, so after both checks the declared total is the true total mammoth can inflate; the
 * XML parts, which mammoth parses into a DOM, are capped apart (`maxXmlBytes`) once the file is known to be a DOCX.
 * Not covered: a file whose bytes yauzl and jszip would read differently (both take the last end-of-central-
 * directory record, and yauzl refuses one whose comment length does not reach the end of the file).
 */
async function surveyArchive(buffer: Buffer, limits: DocumentLimits): Promise<ArchiveSurvey> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: false,
      strictFileNames: false,
    });
  } catch {
    return {
      ok: false,
      reasons: [{ code: 'CORRUPT', message: '文件已损坏或不完整（压缩结构无法读取），请重新导出后上传' }],
    };
  }
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      return {
        ok: false,
        reasons: [
          {
            code: 'ARCHIVE_SUSPICIOUS',
            message: `压缩包内文件过多，疑似压缩炸弹：共 ${count(zip.entryCount)} 个，超过上限 ${count(MAX_ZIP_ENTRIES)} 个`,
          },
        ],
      };
    }
    const entries: yauzl.Entry[] = [];
    for await (const entry of zip.eachEntry()) entries.push(entry);

    const reasons: RejectReason[] = [];
    if (entries.some((e) => e.isEncrypted())) {
      reasons.push({ code: 'ENCRYPTED', message: '压缩包内容已加密，请上传未加密的 .docx 或 PDF' });
    }
    const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (total > limits.maxUncompressedBytes) {
      reasons.push({
        code: 'ARCHIVE_SUSPICIOUS',
        message: `压缩包解压后过大，疑似压缩炸弹：解压后共 ${megabytes(total)}，超过上限 ${megabytes(limits.maxUncompressedBytes)}`,
      });
    }
    const ratioOf = (e: yauzl.Entry) => e.uncompressedSize / Math.max(e.compressedSize, 1);
    const dense = entries.filter(
      (e) => e.uncompressedSize > RATIO_GRACE_BYTES && ratioOf(e) > limits.maxCompressionRatio,
    );
    if (dense.length > 0) {
      const listed = dense
        .slice(0, 3)
        .map((e) => `${e.fileName}（约 ${count(Math.round(ratioOf(e)))}:1）`)
        .join('、');
      reasons.push({
        code: 'ARCHIVE_SUSPICIOUS',
        message: `压缩包解压后过大，疑似压缩炸弹：${listed}${dense.length > 3 ? ` 等 ${dense.length} 个文件` : ''}的压缩比超过上限 ${count(limits.maxCompressionRatio)}:1`,
      });
    }
    if (reasons.length > 0) return { ok: false, reasons };
    return { ok: true, entries, names: new Set(entries.map((e) => e.fileName)) };
  } catch {
    return {
      ok: false,
      reasons: [{ code: 'CORRUPT', message: '文件已损坏或不完整（压缩结构无法读取），请重新导出后上传' }],
    };
  } finally {
    zip.close();
  }
}

type DocxRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reasons: RejectReason[] };

async function readDocx(
  buffer: Buffer,
  survey: Extract<ArchiveSurvey, { ok: true }>,
  limits: DocumentLimits,
): Promise<DocxRead> {
  const xml = survey.entries
    .filter((e) => /\.(xml|rels)$/i.test(e.fileName))
    .reduce((sum, e) => sum + e.uncompressedSize, 0);
  const maxXml = limits.maxXmlBytes ?? DEFAULT_DOCUMENT_LIMITS.maxXmlBytes;
  if (xml > maxXml) {
    return {
      ok: false,
      reasons: [
        {
          code: 'TOO_LARGE',
          message: `Word 文档正文过大（解压后 ${megabytes(xml)}，上限 ${megabytes(maxXml)}），请拆分后上传或另存为 PDF`,
        },
      ],
    };
  }
  if (!survey.names.has('word/document.xml')) {
    return {
      ok: false,
      reasons: [
        {
          code: 'CORRUPT',
          message: 'Word 文档不完整（缺少正文 word/document.xml），请用 Word 重新另存为 .docx 后上传',
        },
      ],
    };
  }
  const verified = await verifyInflatedSizes(buffer, survey.entries, limits);
  if (verified !== 'ok') {
    return {
      ok: false,
      reasons: [
        verified === 'lie'
          ? {
              code: 'ARCHIVE_SUSPICIOUS',
              message: '压缩包解压后过大，疑似压缩炸弹：文件实际解压大小与其声明的大小不符',
            }
          : {
              code: 'CORRUPT',
              message: 'Word 文档已损坏或不完整，无法读取，请用 Word 重新另存为 .docx 后上传',
            },
      ],
    };
  }
  try {
    const { value } = await mammoth.extractRawText({ buffer });
    return { ok: true, text: value };
  } catch {
    return {
      ok: false,
      reasons: [
        { code: 'CORRUPT', message: 'Word 文档已损坏或不完整，无法读取，请用 Word 重新另存为 .docx 后上传' },
      ],
    };
  }
}

/**
 * Inflates every entry once through yauzl, keeping nothing but a count, and compares it with the size the central
 * directory declared: more bytes than declared (stopped right there) or fewer is a lie; the running total is capped
 * as well. A real DOCX inflates in milliseconds; the worst case is bounded by `maxUncompressedBytes` of CPU work.
 */
async function verifyInflatedSizes(
  buffer: Buffer,
  entries: readonly yauzl.Entry[],
  limits: DocumentLimits,
): Promise<'ok' | 'lie' | 'corrupt'> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: false,
    });
    let total = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      let inflated = 0;
      try {
        for await (const chunk of stream) {
          inflated += (chunk as Buffer).byteLength;
          total += (chunk as Buffer).byteLength;
          if (inflated > entry.uncompressedSize || total > limits.maxUncompressedBytes) return 'lie';
        }
      } finally {
        stream.destroy();
      }
      if (inflated !== entry.uncompressedSize) return 'lie';
    }
    return 'ok';
  } catch {
    return 'corrupt';
  } finally {
    zip?.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

const TYPE_NAMES: Readonly<Record<string, string>> = {
  exe: 'Windows 可执行程序（.exe）',
  elf: 'Linux 可执行程序（ELF）',
  macho: 'macOS 可执行程序（Mach-O）',
  msi: 'Windows 安装包（.msi）',
  apk: '安卓安装包（.apk）',
  wasm: 'WebAssembly 程序',
  png: 'PNG 图片',
  jpg: 'JPEG 图片',
  gif: 'GIF 图片',
  webp: 'WebP 图片',
  bmp: 'BMP 图片',
  tif: 'TIFF 图片',
  heic: 'HEIC 图片（手机照片）',
  avif: 'AVIF 图片',
  svg: 'SVG 图片',
  zip: 'ZIP 压缩包',
  rar: 'RAR 压缩包',
  '7z': '7z 压缩包',
  gz: 'gzip 压缩包',
  tar: 'tar 归档',
  xlsx: 'Excel 表格（.xlsx）',
  xlsm: 'Excel 表格（.xlsm）',
  pptx: 'PowerPoint 演示文稿（.pptx）',
  docm: '含宏的 Word 文档（.docm）',
  dotx: 'Word 模板（.dotx）',
  dotm: '含宏的 Word 模板（.dotm）',
  odt: 'OpenDocument 文本（.odt）',
  ods: 'OpenDocument 表格（.ods）',
  odp: 'OpenDocument 演示文稿（.odp）',
  rtf: 'RTF 文档',
  epub: '电子书（.epub）',
  xml: 'XML 文件',
  html: '网页（HTML）',
  mp4: 'MP4 视频',
  mov: 'QuickTime 视频',
  mp3: 'MP3 音频',
  wav: 'WAV 音频',
  m4a: 'M4A 音频',
};

function describeType(ext: string | undefined, bytes: Uint8Array): string {
  if (ext !== undefined) return TYPE_NAMES[ext] ?? `无法作为报告读取的格式（${ext}）`;
  return looksLikeText(bytes) ? '纯文本' : '无法识别的格式';
}

/** Plain text is what file-type cannot name: valid UTF-8 without control characters other than tab and newlines. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f)) {
    return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === bytes.length ? head : trimUtf8(head));
    return true;
  } catch {
    return false;
  }
}

/** Cuts a partial UTF-8 sequence off the end of a prefix so that a fatal decoder judges only whole characters. */
function trimUtf8(head: Uint8Array): Uint8Array {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back] ?? 0;
    if ((byte & 0xc0) !== 0x80) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (need > back) end -= back;
      break;
    }
  }
  return head.subarray(0, end);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

const count = (n: number) => n.toLocaleString('en-US');

/** MiB, shown as "MB" as Windows does; one decimal at most. */
const megabytes = (n: number) => `${Number((n / MiB).toFixed(1))} MB`;

/** "25.3 MB，超过上限 20 MB"; when both round alike (one byte over) the byte counts say it. */
function sizeOverLimit(size: number, limit: number): string {
  const [s, l] = [megabytes(size), megabytes(limit)];
  return s === l ? `${count(size)} 字节，超过上限 ${count(limit)} 字节（${l}）` : `${s}，超过上限 ${l}`;
}
