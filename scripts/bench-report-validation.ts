import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import yazl from 'yazl';
import { checkReportDocument, DEFAULT_DOCUMENT_LIMITS } from '#shared/domain/reports/document-check';
import { makePdf, makeZipBomb } from '#test/helpers/documents';

/**
 * `npm run bench:reports`: how long the R9.4 byte checks take and how much memory they need, against the report
 * Lambda's 1024 MB. Each file is checked in a fresh Node process (so its peak RSS is the check's own, not the
 * generator's), with the V8 heap capped at 800 MB as a 1024 MB Lambda leaves it roughly; RSS is sampled every 5 ms
 * and compared with the kernel's own peak (`resourceUsage().maxRSS`).
 *
 * Cases: a 10 MB PDF (the brief's text plus a photo-sized image), an 8 MB DOCX as Word saves a long report with
 * photos, the worst DOCX the checks admit (XML just under `maxXmlBytes` inflated, all in document.xml, which
 * mammoth parses into a DOM) and the 300 MiB zip bomb. mammoth parses synchronously, so the 5 ms sampler misses
 * its peak: maxRSS, the kernel's figure, is the one to quote.
 */

const MiB = 1024 * 1024;
const RUNS = 5;
const HEAP_MB = 800;
const HEADINGS = ['本月服务开展情况', '服务成效', '存在问题', '下月工作计划'];
const limits = { ...DEFAULT_DOCUMENT_LIMITS, maxBytes: 20 * MiB };

interface ChildReport {
  readonly outcome: string;
  readonly runsMs: number[];
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  readonly maxRssMb: number;
  readonly peakHeapMb: number;
  readonly peakExternalMb: number;
}

if (process.argv[2] === '--child') {
  const report = await measure(process.argv[3] ?? '');
  process.stdout.write(JSON.stringify(report));
} else {
  await main();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  try {
    const cases: [string, string][] = [
      ['PDF, 10 MB, 1 page of text + image', await write(dir, 'brief.pdf', await tenMegabytePdf())],
      ['DOCX, 8 MB, 3,000 paragraphs + photos', await write(dir, 'long.docx', await longDocx())],
      [
        `DOCX, document.xml ${((DEFAULT_DOCUMENT_LIMITS.maxXmlBytes - 64 * 1024) / MiB).toFixed(1)} MiB inflated (worst admitted)`,
        await write(
          dir,
          'worst.docx',
          await worstAdmittedDocx(DEFAULT_DOCUMENT_LIMITS.maxXmlBytes - 64 * 1024),
        ),
      ],
      ['DOCX-looking zip bomb, 300 MiB inflated', await write(dir, 'bomb.docx', await makeZipBomb())],
    ];
    console.log(
      `checkReportDocument, ${RUNS} runs per file, each file in a fresh process (--max-old-space-size=${HEAP_MB})`,
    );
    console.log(`node ${process.version}, ${process.arch}\n`);
    for (const [label, path] of cases) {
      const child = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          `--max-old-space-size=${HEAP_MB}`,
          fileURLToPath(import.meta.url),
          '--child',
          path,
        ],
        { encoding: 'utf8', maxBuffer: 16 * MiB },
      );
      if (child.status !== 0) {
        console.log(`${label}: FAILED (exit ${child.status ?? child.signal})\n${child.stderr}`);
        continue;
      }
      const r = JSON.parse(child.stdout) as ChildReport;
      const size = readFileSync(path).byteLength;
      const sorted = [...r.runsMs].sort((a, b) => a - b);
      console.log(label);
      console.log(`  file size        ${(size / MiB).toFixed(1)} MB (${size.toLocaleString('en-US')} bytes)`);
      console.log(`  outcome          ${r.outcome}`);
      console.log(
        `  wall time / run  ${r.runsMs.map((ms) => `${ms} ms`).join(', ')} (median ${sorted[sorted.length >> 1]} ms)`,
      );
      console.log(
        `  RSS              ${r.baselineRssMb} MB before the first run, peak ${r.peakRssMb} MB sampled, maxRSS ${r.maxRssMb} MB`,
      );
      console.log(`  heap used peak   ${r.peakHeapMb} MB; external (buffers) peak ${r.peakExternalMb} MB\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(path: string): Promise<ChildReport> {
  const bytes = new Uint8Array(readFileSync(path));
  const mb = (n: number) => Math.round(n / MiB);
  const baseline = process.memoryUsage();
  let [peakRss, peakHeap, peakExternal] = [baseline.rss, baseline.heapUsed, baseline.external];
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external);
  };
  const timer = setInterval(sample, 5);
  const runsMs: number[] = [];
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = await checkReportDocument(bytes, HEADINGS, limits);
    runsMs.push(Math.round(performance.now() - started));
    sample();
    outcome = result.ok
      ? `ok (${result.format}, ${result.textChars.toLocaleString('en-US')} characters)`
      : result.reasons.map((r) => r.code).join(', ');
  }
  clearInterval(timer);
  return {
    outcome,
    runsMs,
    baselineRssMb: mb(baseline.rss),
    peakRssMb: mb(peakRss),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: mb(peakHeap),
    peakExternalMb: mb(peakExternal),
  };
}

async function write(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function paragraph(i: number): string {
  const kind = ['入户探访', '小组活动', '个案跟进', '资源链接', '志愿者培训'][i % 5];
  return `第 ${i + 1} 条：${kind}服务对象 ${(i * 37) % 211} 人次，满意度 ${90 + (i % 10)}%，记录编号 ${randomBytes(4).toString('hex')}。`;
}

function tenMegabytePdf(): Promise<Uint8Array> {
  return makePdf(
    HEADINGS.flatMap((heading, i) => [heading, paragraph(i), paragraph(i + 4)]),
    { padToBytes: 10 * MiB },
  );
}

/** 3,000 paragraphs of text and four 2 MB "photos" (random bytes, as incompressible as JPEG data). */
async function longDocx(): Promise<Uint8Array> {
  const text = Array.from(
    { length: 3000 },
    (_, i) => new Paragraph(i % 750 === 0 ? (HEADINGS[i / 750] ?? '') : paragraph(i)),
  );
  const photos = Array.from(
    { length: 4 },
    () =>
      new Paragraph({
        children: [
          new ImageRun({
            type: 'jpg',
            data: randomBytes(2 * MiB),
            transformation: { width: 400, height: 300 },
          }),
        ],
      }),
  );
  const doc = new Document({ sections: [{ children: [...text, ...photos] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A minimal DOCX whose document.xml inflates to `inflated` bytes of varied paragraphs (ratio about 10:1). */
async function worstAdmittedDocx(inflated: number): Promise<Uint8Array> {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '[Content_Types].xml',
  );
  zip.addBuffer(
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    '_rels/.rels',
  );
  const parts = [`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${w}"><w:body>`];
  parts.push(...HEADINGS.map((h) => `<w:p><w:r><w:t>${h}</w:t></w:r></w:p>`));
  let size = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
  const tail = '</w:body></w:document>';
  for (let i = 0; size < inflated - 200; i++) {
    const p = `<w:p><w:r><w:t>${paragraph(i)}</w:t></w:r></w:p>`;
    parts.push(p);
    size += Buffer.byteLength(p);
  }
  parts.push(tail);
  zip.addBuffer(Buffer.from(parts.join('')), 'word/document.xml');
  zip.end();
  const out: Buffer[] = [];
  for await (const part of zip.outputStream) out.push(part as Buffer);
  return new Uint8Array(Buffer.concat(out));
}
