import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { fileTypeFromBuffer } from 'file-type';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { VoucherUrlBody } from '#shared/contracts/funds.schema';
import { DEFAULT_POLICY_PARAMETERS, reportTemplate } from '#shared/domain/policy/policy';
import { checkReportDocument, DEFAULT_DOCUMENT_LIMITS } from '#shared/domain/reports/document-check';
import { sampleLines } from '../../../scripts/samples/samples';

/**
 * Issue 18, item 7: `npm run sample -- <kind>` writes a document the upload accepts. Reports go through
 * checkReportDocument with the template and limits of the regulation's policy, exactly as the S3 upload trigger
 * calls it (processUpload); a voucher through what its upload checks (the request schema's content types and size).
 */
const root = new URL('../../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'sgz-samples-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The script as `npm run sample -- …` runs it, with DATA_DIR set as `npm start`'s would be. */
const sample = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sample.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => {
      out.stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out.stderr += d.toString();
    });
    child.once('exit', (code) => resolve({ code, ...out }));
  });

const limits = {
  ...DEFAULT_DOCUMENT_LIMITS,
  maxBytes: DEFAULT_POLICY_PARAMETERS.reports.maxUploadBytes,
};

describe('npm run sample: documents a user can upload', { timeout: 120_000 }, () => {
  it.each([
    ['brief', 'pdf', 'monthly_brief', '本月服务开展情况'],
    ['brief', 'docx', 'monthly_brief', '下月工作计划'],
    ['evaluation-report', 'pdf', 'evaluation_report', '评估方法'],
    ['evaluation-report', 'docx', 'evaluation_report', '改进建议'],
  ] as const)(
    '%s as %s passes the upload trigger’s check with the template’s headings',
    async (kind, format, reportKind, heading) => {
      const ran = await sample([kind, '--format', format]);
      expect(ran.code, ran.stderr).toBe(0);
      const file = ran.stdout.trim();
      expect(file).toBe(join(dataDir, 'samples', `${kind}.${format}`));
      expect(ran.stderr).toContain(`（${format.toUpperCase()}，`);
      expect(ran.stderr).toContain('上传方法：');

      const bytes = new Uint8Array(readFileSync(file));
      const headings = reportTemplate(DEFAULT_POLICY_PARAMETERS, reportKind);
      expect(headings).toContain(heading);
      const check = await checkReportDocument(bytes, headings, limits);
      expect(check).toMatchObject({ ok: true, format });
      // Without one of its headings the same check refuses it: the sample passes for its headings, not by accident.
      const stricter = await checkReportDocument(bytes, [...headings, '附件清单'], limits);
      expect(stricter).toMatchObject({
        ok: false,
        reasons: [{ code: 'MISSING_HEADINGS', message: '报告缺少以下标题：附件清单' }],
      });
    },
  );

  it('writes a Chinese PDF that carries its font (Noto Sans SC embedded), so it prints the same anywhere', async () => {
    const out = join(dataDir, '月度简报.pdf');
    const ran = await sample(['brief', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe(out);
    // The font descriptor points at an embedded TrueType font file; the font maps its codes back to Unicode.
    const doc = await PDFDocument.load(readFileSync(out));
    const dicts = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict);
    const descriptor = dicts.find((d) => d.get(PDFName.of('FontFile2')) !== undefined);
    expect(descriptor?.get(PDFName.of('FontName'))?.toString()).toMatch(/^\/NotoSansSC/);
    expect(dicts.some((d) => d.get(PDFName.of('ToUnicode')) !== undefined)).toBe(true);
    // Every character of the text has its outline in the embedded font: it prints, not only extracts.
    const file = doc.context.lookup(descriptor?.get(PDFName.of('FontFile2')));
    expect(file).toBeInstanceOf(PDFRawStream);
    const font = fontkit.create(Buffer.from(decodePDFRawStream(file as PDFRawStream).decode()));
    const text = sampleLines('brief')
      .map((line) => line.text)
      .join('')
      .replace(/\s/g, '');
    const blank = [...new Set(text)].filter((ch) => {
      const glyph = font.glyphForCodePoint(ch.codePointAt(0) ?? 0);
      return glyph.id === 0 || glyph.path.toSVG() === '';
    });
    expect(blank).toEqual([]);
    expect(readFileSync(out).byteLength).toBeLessThan(300_000);
  });

  it('writes a voucher PDF its upload accepts, and refuses a format vouchers are not accepted in', async () => {
    const ran = await sample(['voucher']);
    expect(ran.code, ran.stderr).toBe(0);
    const bytes = readFileSync(ran.stdout.trim());
    const sniffed = await fileTypeFromBuffer(bytes);
    expect(sniffed?.mime).toBe('application/pdf');
    expect(VoucherUrlBody.safeParse({ contentType: sniffed?.mime, bytes: bytes.byteLength }).success).toBe(
      true,
    );
    const check = await checkReportDocument(new Uint8Array(bytes), ['记账凭证', '2 月人员工资'], limits);
    expect(check).toMatchObject({ ok: true, format: 'pdf' });

    const docx = await sample(['voucher', '--format', 'docx']);
    expect(docx.code).toBe(2);
    expect(docx.stdout).toBe('');
    expect(docx.stderr).toContain('支出记账凭证只能是 PDF 格式');
  });

  it('says in Chinese what it can write when the kind is missing or unknown', async () => {
    const unknown = await sample(['minutes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有示例文档 minutes。');
    expect(unknown.stderr).toContain('用法：npm run sample -- <brief|evaluation-report|voucher>');
  });
});
