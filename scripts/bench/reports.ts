import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import S3rver from 's3rver';
import { ulid } from 'ulid';
import { ensureTables, startDynamoLocal } from '#infra/local/dynamodb';
import { freePort } from '#infra/local/ports';
import { resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import {
  createSlotWrite,
  createTicketWrite,
  getSlotDetail,
} from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { resetS3Client, s3Client, uploadKey } from '#shared/adapters/s3/reports-store';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { createPolicyVersion } from '#shared/application/policy/policies.use-case';
import { bucketName, tableName } from '#shared/config';
import { systemActor } from '#shared/domain/audit/audit-record';
import { DEFAULT_POLICY_PARAMETERS, DEFAULT_REPORT_TEMPLATES } from '#shared/domain/policy/policy';
import { contractReportPlan, openSlot } from '#shared/domain/reports/report-slot';
import type { UploadTicket } from '#shared/domain/reports/submission';
import { encodeObjectKey } from '#shared/storage/s3-event';
import { makePdf } from '#test/helpers/documents';
import { bundleFunctions, manifestFunctions } from './bundle';
import {
  type BenchOptions,
  fmt,
  fmtMB,
  fmtMs,
  fmtRatio,
  progress,
  run,
  type Section,
  summarize,
  type Target,
  table,
} from './lib';

/**
 * 4. Report validation through the S3 trigger handler (functions/storage/validate-report.handler.ts), bundled as
 * the CDK bundles it (with pdf.js's CMaps and fonts beside it) and run in a fresh Node process per file, as a
 * Lambda container would, against DynamoDB Local and s3rver: each run is a real upload — a ticket as
 * `POST /reports/{id}/upload-url` writes it, the object under `uploads/`, and the ObjectCreated event — so the
 * handler reads the object, checks the bytes, copies it to `reports/` or `quarantine/` and commits the
 * submission. Time is per invocation; memory is sampled every 5 ms and taken from the kernel (VmHWM, the peak resident set), the way
 * scripts/bench-report-validation.ts measures the checks alone. The V8 heap is capped at 800 MB, roughly what
 * a 1024 MB Lambda leaves it.
 *
 * Baseline: a one-page brief of a few KB through the same path, in the same run.
 */

const MiB = 1024 * 1024;
const HEAP_MB = 800;
/** Margin kept below the function's memory: peak RSS must stay under 80 % of it. */
const MEMORY_MARGIN = 0.8;
const FAST_PDF_MS = 2000;
const HEADINGS = DEFAULT_REPORT_TEMPLATES.monthly_brief;

/** The report trigger's memory, read from the stack that sets it (infra/stacks/jobs-stack.ts). */
function configuredMemoryMb(repoRoot: string): { mb: number; source: string } {
  const source = readFileSync(join(repoRoot, 'infra/stacks/jobs-stack.ts'), 'utf8');
  const m = /memorySize:\s*(\d+)/.exec(source);
  return m?.[1]
    ? {
        mb: Number(m[1]),
        source: 'infra/stacks/jobs-stack.ts (memorySize of the jobs, the trigger and the seed)',
      }
    : { mb: 512, source: 'AppFunction default (infra/constructs/app-function.construct.ts)' };
}

const paragraph = (i: number) =>
  `第 ${i + 1} 条：${['入户探访', '小组活动', '个案跟进', '资源链接', '志愿者培训'][i % 5]}服务对象 ${(i * 37) % 211} 人次，满意度 ${90 + (i % 10)}%。`;

const briefPdf = (padToBytes?: number) =>
  makePdf(
    HEADINGS.flatMap((h, i) => [h, paragraph(i), paragraph(i + 4)]),
    padToBytes ? { padToBytes } : {},
  );

/** A .docx as Word saves a long brief with photos: 3,000 paragraphs and `photos` × 2 MB incompressible images. */
async function briefDocx(photos: number): Promise<Uint8Array> {
  const text = Array.from(
    { length: 3000 },
    (_, i) => new Paragraph(i % 750 === 0 ? (HEADINGS[i / 750] ?? '') : paragraph(i)),
  );
  const images = Array.from(
    { length: photos },
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
  const doc = new Document({ sections: [{ children: [...text, ...images] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

interface Case {
  readonly label: string;
  readonly kind: 'baseline' | 'pdf' | 'docx';
  readonly nominalMb: number;
  readonly bytes: Uint8Array;
  /** Upload day: the policy in force that day applies (a later day has the raised limit). */
  readonly eventTime: string;
  /** Run first and not reported: DynamoDB Local's and s3rver's own warm-up (their JIT, their connections). */
  readonly warmUp?: boolean;
}

interface ChildReport {
  readonly runs: { ms: number; summary: unknown }[];
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  readonly maxRssMb: number;
  readonly peakHeapMb: number;
  readonly peakExternalMb: number;
}

/** Runs in the fresh process: load the bundle, invoke it once per event, sample memory throughout. */
const PROBE = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, eventsFile] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
const mb = (n) => Math.round(n / 1048576);
const base = process.memoryUsage();
let peak = { rss: base.rss, heap: base.heapUsed, ext: base.external };
const sample = () => {
  const m = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, m.rss), heap: Math.max(peak.heap, m.heapUsed), ext: Math.max(peak.ext, m.external) };
};
const timer = setInterval(sample, 5);
const context = { functionName: 'validate-report', awsRequestId: 'bench', getRemainingTimeInMillis: () => 300000 };
const runs = [];
for (const event of events) {
  const t0 = performance.now();
  const summary = await handler(event, context);
  runs.push({ ms: performance.now() - t0, summary });
  sample();
}
clearInterval(timer);
process.stdout.write(JSON.stringify({
  runs,
  baselineRssMb: mb(base.rss),
  peakRssMb: mb(peak.rss),
  // VmHWM: the kernel's high-water mark of this process's own memory (getrusage's maxRSS is not: Linux carries
  // it over from the parent across fork and exec, so a child of a large parent reports at least the parent's).
  maxRssMb: (() => {
    try {
      const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) return Math.round(Number(m[1]) / 1024);
    } catch {
      // not Linux: the sampled peak
    }
    return mb(peak.rss);
  })(),
  peakHeapMb: mb(peak.heap),
  peakExternalMb: mb(peak.ext),
}));
process.exit(0);
`;

export async function runReports(options: BenchOptions, repoRoot: string): Promise<Section> {
  const runs = options.scale === 'full' ? 5 : 2;
  const dir = join(options.workDir, 'reports');
  mkdirSync(dir, { recursive: true });
  const memory = configuredMemoryMb(repoRoot);

  progress('reports: bundling the S3 trigger as the CDK does');
  const trigger = manifestFunctions().filter((f) => f.kind === 'trigger');
  const { built } = await bundleFunctions(trigger, join(dir, 'bundle'), repoRoot);
  const bundle = built[0];
  if (!bundle) throw new Error('no S3 trigger in the manifest');
  writeFileSync(join(dir, 'probe.mjs'), PROBE);

  progress('reports: generating the files');
  const later = '2030-03-04T02:00:00.000Z';
  const today = new Date().toISOString();
  const cases: Case[] = [
    {
      label: 'baseline: 1-page brief PDF',
      kind: 'baseline',
      nominalMb: 0,
      bytes: await briefPdf(),
      eventTime: today,
    },
    { label: 'PDF 1 MB', kind: 'pdf', nominalMb: 1, bytes: await briefPdf(1 * MiB), eventTime: today },
    { label: 'PDF 10 MB', kind: 'pdf', nominalMb: 10, bytes: await briefPdf(10 * MiB), eventTime: today },
    {
      label: 'PDF 50 MB (policy limit 20 MB)',
      kind: 'pdf',
      nominalMb: 50,
      bytes: await briefPdf(50 * MiB),
      eventTime: today,
    },
    { label: 'DOCX 10 MB', kind: 'docx', nominalMb: 10, bytes: await briefDocx(5), eventTime: today },
  ];
  const fifty = cases[3] as Case;
  cases.push({ ...fifty, label: 'PDF 50 MB, limit raised to 100 MB', eventTime: later });

  const dynamo = await startDynamoLocal({ port: await freePort() });
  const s3Dir = join(dir, 's3');
  const s3 = new S3rver({
    port: await freePort(),
    address: '127.0.0.1',
    directory: s3Dir,
    silent: true,
    configureBuckets: [{ name: bucketName('reports') }, { name: bucketName('archive') }],
  });
  const address = await s3.run();
  const s3Port = typeof address === 'object' && address ? address.port : 0;
  const saved = { ...process.env };
  try {
    const suffix = randomBytes(3).toString('hex');
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.MAIN_TABLE_NAME = `bench-reports-main-${suffix}`;
    process.env.AUDIT_TABLE_NAME = `bench-reports-audit-${suffix}`;
    process.env.S3_ENDPOINT = `http://127.0.0.1:${s3Port}`;
    resetDocumentClient();
    resetS3Client();
    await ensureTables(dynamo.endpoint);
    const setupAt = new Date();
    await seedReferenceData(systemActor(setupAt));
    // The policy's own ceiling for uploads (the schema allows up to 100 MB) in a version from 2030: uploads
    // stamped 2030 are checked under it, everything else under the regulation's 20 MB.
    await createPolicyVersion(systemActor(setupAt), {
      name: 'bench: upload limit raised to the schema maximum',
      basis: 'scripts/bench/reports.ts',
      validFrom: '2030-01-01',
      parameters: {
        ...DEFAULT_POLICY_PARAMETERS,
        reports: { ...DEFAULT_POLICY_PARAMETERS.reports, maxUploadBytes: 100 * MiB },
      },
    });
    const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
    const contractId = ulid();
    const plan = contractReportPlan(
      {
        id: contractId,
        servicePeriod: { start: '2026-01-01', end: '2027-12-31' },
        districtCode: '370102',
        streetCode: '370102001',
        stationId: ulid(),
        operator: { orgId: 'org-op-a', name: '承接方 A', kind: 'social_organization' },
      },
      policies,
      calendar,
    );
    const planned = plan.find((p) => p.id.endsWith('-M202611')) ?? plan[0];
    if (!planned) throw new Error('no slot planned');
    const slot = openSlot(planned, setupAt.toISOString());
    await commitWithAudit([createSlotWrite(slot)], []);

    const rows: { c: Case; r: ChildReport; ms: ReturnType<typeof summarize>; outcome: string }[] = [];
    const baselineCase = cases[0] as Case;
    for (const c of [{ ...baselineCase, label: 'warm-up (not reported)', warmUp: true }, ...cases]) {
      progress(`reports: ${c.label} (${fmtMB(c.bytes.byteLength)} MB), ${runs} uploads in a fresh process`);
      const ext = c.kind === 'docx' ? 'docx' : 'pdf';
      const contentType =
        ext === 'pdf'
          ? 'application/pdf'
          : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      const events = [];
      // One more upload than timed: the first invocation of the process (pdf.js's lazy set-up) is reported apart.
      for (let i = 0; i <= runs; i++) {
        const uploadId = ulid();
        const key = uploadKey(slot.id, uploadId, ext);
        const ticket: UploadTicket = {
          uploadId,
          slotId: slot.id,
          key,
          contentType,
          declaredBytes: c.bytes.byteLength,
          fileName: `brief.${ext}`,
          issuedTo: { sub: 'bench-operator', username: 'op.a', party: 'operator:org-op-a' },
          issuedAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 300_000).toISOString(),
          state: 'issued',
        };
        await commitWithAudit([createTicketWrite(ticket)], []);
        const put = await s3Client().send(
          new PutObjectCommand({
            Bucket: bucketName('reports'),
            Key: key,
            Body: c.bytes,
            ContentType: contentType,
          }),
        );
        events.push({
          Records: [
            {
              eventVersion: '2.1',
              eventSource: 'aws:s3',
              awsRegion: 'cn-north-1',
              eventTime: c.eventTime,
              eventName: 'ObjectCreated:Put',
              s3: {
                bucket: { name: bucketName('reports') },
                object: {
                  key: encodeObjectKey(key),
                  size: c.bytes.byteLength,
                  eTag: put.ETag?.replace(/"/g, ''),
                },
              },
            },
          ],
        });
      }
      const eventsFile = join(dir, 'events.json');
      writeFileSync(eventsFile, JSON.stringify(events));
      const child = await run(
        process.execPath,
        [`--max-old-space-size=${HEAP_MB}`, join(dir, 'probe.mjs'), bundle.file, eventsFile],
        {
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'cn-north-1',
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local',
            POWERTOOLS_SERVICE_NAME: 'sgz',
            POWERTOOLS_LOG_LEVEL: 'ERROR',
            DYNAMODB_ENDPOINT: dynamo.endpoint,
            S3_ENDPOINT: process.env.S3_ENDPOINT,
            MAIN_TABLE_NAME: tableName('main'),
            AUDIT_TABLE_NAME: tableName('audit'),
            REPORTS_BUCKET_NAME: bucketName('reports'),
            ARCHIVE_BUCKET_NAME: bucketName('archive'),
          },
          timeoutMs: 15 * 60_000,
        },
      );
      if (child.code !== 0) {
        throw new Error(
          `the trigger failed on ${c.label} (exit ${child.code ?? child.signal}): ${child.stderr.slice(0, 800)}`,
        );
      }
      const r = JSON.parse(child.stdout.slice(child.stdout.indexOf('{"runs"'))) as ChildReport;
      const detail = await getSlotDetail(slot.id);
      const last = detail?.submissions.at(-1);
      const outcome = last
        ? last.outcome === 'passed'
          ? `passed (${last.format ?? ''})`
          : `refused: ${last.reasons.map((x) => x.code).join(', ')}`
        : 'no submission';
      if (c.warmUp) continue;
      rows.push({ c, r, ms: summarize(r.runs.slice(1).map((x) => x.ms)), outcome });
    }

    const base = rows.find((x) => x.c.kind === 'baseline');
    const baseMs = base?.ms.median ?? Number.NaN;
    const limitMb = memory.mb * MEMORY_MARGIN;
    const result = table(
      [
        'file',
        '>size MB',
        'outcome',
        '>median ms',
        '>p99 ms',
        '>ratio',
        '>peak RSS MB',
        '>peak heap MB',
        '>peak buffers MB',
      ],
      rows.map(({ c, r, ms, outcome }) => [
        c.label,
        fmtMB(c.bytes.byteLength),
        outcome,
        fmtMs(ms.median),
        fmtMs(ms.p99),
        c.kind === 'baseline' ? '1.00×' : fmtRatio(ms.median / baseMs),
        String(r.maxRssMb),
        String(r.peakHeapMb),
        String(r.peakExternalMb),
      ]),
    );
    const measured = rows.filter((x) => x.c.kind !== 'baseline');
    const overMemory = measured.filter((x) => x.r.maxRssMb > limitMb);
    const tenPdf = rows.find((x) => x.c.kind === 'pdf' && x.c.nominalMb === 10);
    const firstRuns = rows.map((x) => `${x.c.label} ${fmtMs(x.r.runs[0]?.ms ?? Number.NaN)} ms`).join('; ');
    const targets: Target[] = [
      {
        name: `peak memory under the function's ${memory.mb} MB with margin (≤ ${fmt(limitMb, 0)} MB, 80 %)`,
        met: overMemory.length === 0,
        detail: measured.map((x) => `${x.c.label}: ${x.r.maxRssMb} MB`).join('; '),
        ...(overMemory.length
          ? {
              why: `${overMemory.map((x) => x.c.label).join(', ')} peaked above ${fmt(limitMb, 0)} MB: the object is read whole into memory (readObject → transformToByteArray), pdf.js keeps its own copy and parses it, and the copies to reports/ and the checks hold buffers at the same time.`,
              fix: 'stream the object instead of reading it whole where the check allows (size and type sniffing need only the head; pdf.js can take a range transport), or give the trigger 2048 MB (memorySize in infra/stacks/jobs-stack.ts), or keep the policy limit at 20 MB (the 50 MB file is then refused before it is read, as the row with the default policy shows).',
            }
          : {}),
      },
      {
        name: `10 MB PDF validated in < ${fmt(FAST_PDF_MS / 1000, 0)} s on this machine`,
        met: (tenPdf?.ms.p99 ?? Number.POSITIVE_INFINITY) < FAST_PDF_MS,
        detail: tenPdf
          ? `median ${fmtMs(tenPdf.ms.median)} ms, p99 ${fmtMs(tenPdf.ms.p99)} ms warm (${fmtRatio(tenPdf.ms.median / baseMs)} the 1-page brief); first invocation in a fresh process ${fmtMs(tenPdf.r.runs[0]?.ms ?? Number.NaN)} ms`
          : 'not run',
        ...((tenPdf?.ms.p99 ?? Number.POSITIVE_INFINITY) < FAST_PDF_MS
          ? {}
          : {
              why: 'most of the time is pdf.js loading the document and the image stream, and the copy to reports/',
              fix: 'skip image streams when extracting text, or validate the first pages only',
            }),
      },
    ];
    const note = [
      `Memory of the function: ${memory.mb} MB, from ${memory.source}. Each row is one fresh \`node --max-old-space-size=${HEAP_MB}\` process invoking the bundled handler on ${runs + 1} uploads of the file; median and p99 are over the last ${runs} (warm) invocations, and the first (cold) one is reported apart: ${firstRuns}. *peak RSS* covers all of them: the kernel's high-water mark of the process's resident set (VmHWM; bundle, SDK clients and all), the figure to hold against the function's memory — not getrusage's maxRSS, which Linux carries over from the parent process across fork and exec; *ratio* is the median against the 1-page brief's median in the same run.`,
      "The 50 MB PDF is refused under the regulation's policy (20 MB, `maxUploadBytes`) from the event's size, before the object is read; the last row checks it under a policy version raising the limit to the schema's ceiling (100 MB), to size the memory a city raising the limit would need.",
    ].join('\n\n');
    return {
      id: 'reports',
      title: '4. Report validation',
      markdown: [note, '', result.md].join('\n'),
      text: result.text,
      targets,
    };
  } finally {
    process.env = saved;
    resetDocumentClient();
    resetS3Client();
    await s3.close().catch(() => undefined);
    await dynamo.stop();
  }
}
