import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkReportDocument,
  DEFAULT_DOCUMENT_LIMITS,
  type DocumentCheck,
  type DocumentLimits,
  missingHeadings,
} from '#shared/domain/reports/document-check';
import {
  makeDocx,
  makeExecutable,
  makeOleDocument,
  makePdf,
  makePng,
  makeZipBomb,
} from '#test/helpers/documents';

/** The four headings of a monthly brief (月度简报) in the report template (R9.4). */
const MONTHLY_HEADINGS = ['本月服务开展情况', '服务成效', '存在问题', '下月工作计划'] as const;
const MONTHLY_BRIEF = [
  '历下区甸柳街道社会工作服务站 2026 年 3 月工作简报',
  '本月服务开展情况',
  '本月入户探访困难群众 32 户，开展老年人健康讲座 2 场、儿童课业辅导小组 3 次。',
  '服务成效',
  '服务对象满意度 96%，链接慈善资源 1.2 万元，新增志愿者 15 人。',
  '存在问题',
  '志愿者流动性较大，部分困境儿童家庭配合度不高。',
  '下月工作计划',
  '继续开展入户探访，筹备“邻里互助日”社区活动。',
];
const limits: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS, maxBytes: 20 * 1024 * 1024 };

const check = (bytes: Uint8Array, overrides: Partial<DocumentLimits> = {}) =>
  checkReportDocument(bytes, MONTHLY_HEADINGS, { ...limits, ...overrides });
const codesOf = (result: DocumentCheck) => (result.ok ? [] : result.reasons.map((r) => r.code));
const messagesOf = (result: DocumentCheck) => (result.ok ? [] : result.reasons.map((r) => r.message));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a complete monthly brief (R9.4)', () => {
  it('accepts a PDF with all four headings, with its sha256, format and page count', async () => {
    const pdf = await makePdf(MONTHLY_BRIEF);
    const result = await check(pdf);
    expect(result).toEqual({
      ok: true,
      format: 'pdf',
      contentType: 'application/pdf',
      sha256: sha256(pdf),
      bytes: pdf.byteLength,
      textChars: expect.any(Number),
      pages: 1,
    });
    expect(result.ok && result.textChars).toBeGreaterThan(100);
  });

  it('accepts the same brief as DOCX, headings in the 标题 1 style', async () => {
    const docx = await makeDocx(
      MONTHLY_BRIEF.map((text) => ({ text, heading: MONTHLY_HEADINGS.some((h) => h === text) })),
    );
    const result = await check(docx);
    expect(result).toMatchObject({
      ok: true,
      format: 'docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sha256: sha256(docx),
      bytes: docx.byteLength,
    });
  });

  it('reads Chinese set in a non-embedded font with a predefined CMap (UniGB-UCS2-H), as iText writes it', async () => {
    const result = await check(await makePdf(MONTHLY_BRIEF, { encoding: 'unigb-ucs2' }));
    expect(codesOf(result)).toEqual([]);
  });

  it('leaves the caller’s bytes intact after pdf.js has read them', async () => {
    const pdf = await makePdf(MONTHLY_BRIEF);
    const before = sha256(pdf);
    await check(pdf);
    expect(sha256(pdf)).toBe(before);
  });
});

describe('required headings (R9.4)', () => {
  it('names both missing headings in one message, joined with 、', async () => {
    const pdf = await makePdf(MONTHLY_BRIEF.filter((line) => line !== '服务成效' && line !== '下月工作计划'));
    const result = await check(pdf);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.reasons).toEqual([
      { code: 'MISSING_HEADINGS', message: '报告缺少以下标题：服务成效、下月工作计划' },
    ]);
  });

  it('finds headings typed with spaces between the characters or with full-width spaces', async () => {
    const spaced = MONTHLY_BRIEF.map((line) =>
      line === '存在问题' ? '存 在 问 题' : line === '下月工作计划' ? '下月　工作计划' : line,
    );
    expect(codesOf(await check(await makePdf(spaced)))).toEqual([]);
  });

  it('matches after removing whitespace, so a heading split across lines still counts but a different word does not', () => {
    expect(missingHeadings('一、本月服务\n开展情况\t二、服务成效', ['本月服务开展情况', '服务成效'])).toEqual(
      [],
    );
    expect(missingHeadings('二、服务效果', ['服务成效'])).toEqual(['服务成效']);
  });
});

describe('what is not a report (R9.4)', () => {
  it.each([
    ['an ELF executable', makeExecutable('elf'), 'elf', 'Linux 可执行程序'],
    ['a Windows executable', makeExecutable('pe'), 'exe', 'Windows 可执行程序'],
    ['a PNG photo of the report', makePng(), 'png', 'PNG 图片'],
  ])('refuses %s whatever its name, saying what it is', async (_, bytes, detected, described) => {
    const result = await check(bytes);
    expect(result).toMatchObject({ ok: false, detected });
    expect(codesOf(result)).toEqual(['NOT_PDF_OR_DOCX']);
    expect(messagesOf(result)[0]).toContain(described);
  });

  it('refuses plain text, calling it 纯文本', async () => {
    const result = await check(new TextEncoder().encode(MONTHLY_BRIEF.join('\n')));
    expect(codesOf(result)).toEqual(['NOT_PDF_OR_DOCX']);
    expect(messagesOf(result)[0]).toContain('纯文本');
  });

  it('tells the operator an old .doc (an OLE container) must be saved as .docx or PDF', async () => {
    const result = await check(makeOleDocument('doc'));
    expect(result).toMatchObject({ ok: false, detected: 'cfb' });
    expect(codesOf(result)).toEqual(['NOT_PDF_OR_DOCX']);
    expect(messagesOf(result)).toEqual([
      '文档已加密，或为旧版 Word（.doc）格式，请另存为未加密的 .docx 或 PDF',
    ]);
  });

  it('refuses a password-protected .docx (an OLE container holding EncryptedPackage) as encrypted', async () => {
    const result = await check(makeOleDocument('encrypted-docx'));
    expect(codesOf(result)).toEqual(['ENCRYPTED']);
    expect(messagesOf(result)[0]).toContain('文档已加密');
  });
});

describe('size (R9.4)', () => {
  it('refuses an empty file', async () => {
    const result = await check(new Uint8Array());
    expect(result).toMatchObject({ ok: false, bytes: 0, sha256: sha256(new Uint8Array()) });
    expect(codesOf(result)).toEqual(['EMPTY_FILE']);
  });

  it('accepts a file exactly at the limit and refuses it one byte over, giving both sizes', async () => {
    const pdf = await makePdf(MONTHLY_BRIEF);
    expect(codesOf(await check(pdf, { maxBytes: pdf.byteLength }))).toEqual([]);

    const result = await check(pdf, { maxBytes: pdf.byteLength - 1 });
    expect(codesOf(result)).toEqual(['TOO_LARGE']);
    expect(messagesOf(result)[0]).toContain(`超过上限 ${(pdf.byteLength - 1).toLocaleString('en-US')} 字节`);
  });

  it('states an oversized file in MB against the policy limit', async () => {
    const pdf = await makePdf(MONTHLY_BRIEF, { padToBytes: 3 * 1024 * 1024 });
    const result = await check(pdf, { maxBytes: 2 * 1024 * 1024 });
    expect(messagesOf(result)).toEqual(['文件大小 3 MB，超过上限 2 MB，请压缩图片或拆分后重新上传']);
  });
});

describe('PDF content (R9.4)', () => {
  it('refuses a PDF with no extractable text, such as a scan', async () => {
    const result = await check(await makePdf([]));
    expect(codesOf(result)).toEqual(['NO_TEXT']);
    expect(messagesOf(result)).toEqual([
      '未能从文件中提取文字（可能是扫描图片），请上传含可复制文字的 PDF 或 Word 文档',
    ]);
  });

  it('refuses a PDF that opens without a password but carries an owner (permissions) password', async () => {
    const result = await check(await makePdf(MONTHLY_BRIEF, { encrypt: 'owner' }));
    expect(codesOf(result)).toEqual(['ENCRYPTED']);
  });

  it('refuses a PDF that needs a password to open', async () => {
    const result = await check(await makePdf(MONTHLY_BRIEF, { encrypt: 'user' }));
    expect(codesOf(result)).toEqual(['ENCRYPTED']);
    expect(messagesOf(result)[0]).toContain('需要密码');
  });

  it('reports an owner-password PDF that also lacks headings with both reasons', async () => {
    const result = await check(await makePdf(MONTHLY_BRIEF.slice(0, 3), { encrypt: 'owner' }));
    expect(codesOf(result)).toEqual(['ENCRYPTED', 'MISSING_HEADINGS']);
  });

  it('refuses garbage that starts with %PDF as corrupt', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    garbage.set(new TextEncoder().encode('%PDF-1.7\n'));
    const result = await check(garbage);
    expect(result).toMatchObject({ ok: false, detected: 'pdf' });
    expect(codesOf(result)).toEqual(['CORRUPT']);
  });

  it('refuses a PDF cut off in the upload as corrupt', async () => {
    const pdf = await makePdf(MONTHLY_BRIEF);
    expect(codesOf(await check(pdf.subarray(0, 600)))).toEqual(['CORRUPT']);
  });
});

describe('DOCX archives (R9.4)', () => {
  it('refuses a zip bomb from its central directory, before inflating it', async () => {
    const result = await check(await makeZipBomb());
    expect(codesOf(result)).toEqual(['ARCHIVE_SUSPICIOUS', 'ARCHIVE_SUSPICIOUS']);
    expect(messagesOf(result)[0]).toBe('压缩包解压后过大，疑似压缩炸弹：解压后共 300 MB，超过上限 100 MB');
    expect(messagesOf(result)[1]).toContain('word/document.xml');
  });

  it('refuses a zip bomb whose central directory understates the inflated size', async () => {
    const result = await check(await makeZipBomb({ understateSizes: true }));
    expect(codesOf(result)).toEqual(['ARCHIVE_SUSPICIOUS']);
    expect(messagesOf(result)[0]).toContain('实际解压大小与其声明的大小不符');
  });

  it('refuses a DOCX whose XML would take mammoth more memory than allowed, before parsing it', async () => {
    const docx = await makeDocx(MONTHLY_BRIEF.map((text) => ({ text })));
    const result = await check(docx, { maxXmlBytes: 16 * 1024 });
    expect(codesOf(result)).toEqual(['TOO_LARGE']);
    expect(messagesOf(result)[0]).toContain('Word 文档正文过大');
  });

  it('refuses a DOCX cut off in the upload as corrupt', async () => {
    const docx = await makeDocx(MONTHLY_BRIEF.map((text) => ({ text })));
    expect(codesOf(await check(docx.subarray(0, docx.byteLength - 100)))).toEqual(['CORRUPT']);
  });

  it('refuses a DOCX with no text', async () => {
    expect(codesOf(await check(await makeDocx([])))).toEqual(['NO_TEXT']);
  });
});

describe('robustness', () => {
  it('never throws, whatever the bytes', async () => {
    const docx = await makeDocx(MONTHLY_BRIEF.map((text) => ({ text })));
    const inputs = [
      new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
      new Uint8Array([0x25, 0x50, 0x44, 0x46]),
      docx.map((b, i) => (i % 97 === 0 ? b ^ 0xff : b)),
      new Uint8Array(1000).map((_, i) => (i * 31) % 256),
    ];
    for (const bytes of inputs) {
      const result = await check(bytes);
      expect(result.ok).toBe(false);
      expect(result.sha256).toBe(sha256(bytes));
    }
  });
});
