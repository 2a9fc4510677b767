import { loadHandler } from '#infra/local/api-gateway';
import { freePort } from '#infra/local/ports';
import { startLocalRuntime } from '#infra/local/runtime';
import { resetClock, setClock } from '#shared/clock';
import { routes } from '#shared/manifest';
import { contractTerms } from '#test/helpers/contracts';
import { idNumber } from '#test/helpers/imports';
import { apiClient } from '#test/helpers/runtime';
import {
  type BenchOptions,
  fmt,
  fmtKB,
  fmtMB,
  fmtMs,
  fmtRatio,
  progress,
  type Section,
  summarize,
  type Target,
  table,
} from './lib';

/**
 * 8. Monthly brief draft (issue 19 items 3 and 6), through the whole path on the local runtime: GET
 * /reports/{id}/draft for a month of a station with 2,000 service records (four workers, fifty registered
 * recipients, every kind but case interventions), ten cases opened and a hundred volunteer-hour entries, as DOCX and
 * as PDF (Noto Sans SC embedded). Baseline: GET /stations/{id}/service-hours of the same month, which reads the same
 * records through the same index and computes the same hours, without the document. The first request of each
 * format is reported apart (the PDF's parses the font); then the median and p99 over repeated requests, and the
 * process's resident memory sampled every 5 ms. The route's module is loaded, and timed, before the first request.
 *
 * Target: a draft well within the route function's 15 s timeout (and API Gateway's 30 s): p99 and the first
 * requests under 5 s.
 */
const TARGET_MS = 5_000;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await work();
  return { result, ms: performance.now() - t0 };
}

export async function runBriefs(options: BenchOptions): Promise<Section> {
  const recordCount = options.scale === 'full' ? 2_000 : 200;
  const repeats = options.scale === 'full' ? 15 : 4;
  // The records' dates must not be in the future: the runtime's clock is pinned to 2026-12-07 and the month is
  // November 2026, within the test contract's service period.
  setClock(() => new Date('2026-12-07T02:00:00Z'));
  const runtime = await startLocalRuntime({
    port: await freePort(),
    s3Port: await freePort(),
    dynamoPort: await freePort(),
    dataDir: `${options.workDir}/briefs`,
    inMemory: true,
    schedules: false,
  });
  try {
    const api = apiClient(runtime.apiUrl);
    const ok = async (what: string, res: Promise<{ status: number; body: Record<string, unknown> }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body as Record<string, unknown> & { id: string };
    };
    const station = await ok(
      'station',
      api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '基准测试站' },
      }),
    );
    const contract = await ok(
      'contract',
      api('POST', '/contracts', {
        as: 'lixia.mz',
        body: { stationId: station.id, ...contractTerms('BENCH-BRIEF-1') },
      }),
    );
    await ok(
      'activate',
      api('POST', `/contracts/${contract.id}/status`, { as: 'lixia.mz', body: { version: 1, to: 'active' } }),
    );
    const workers: string[] = [];
    for (const [i, name] of ['张社工', '李社工', '王社工', '赵社工'].entries()) {
      workers.push(
        (
          await ok(
            'worker',
            api('POST', `/contracts/${contract.id}/workers`, {
              as: 'op.a',
              body: { name, qualification: 'assistant', idNumber: idNumber(i), startOn: '2026-01-01' },
            }),
          )
        ).id,
      );
    }
    progress('briefs: registering 50 recipients');
    const recipients: string[] = [];
    for (let i = 0; i < 50; i++) {
      recipients.push(
        (
          await ok(
            'recipient',
            api('POST', `/stations/${station.id}/recipients`, {
              as: 'op.a',
              body: {
                name: `服务对象${i}`,
                category: 'left_behind_elderly',
                birthDate: '1950-05-01',
                consent: {
                  givenOn: '2026-11-01',
                  scope: '建档与服务',
                  givenBy: 'self',
                  sensitiveDataConsent: true,
                },
              },
            }),
          )
        ).id,
      );
    }
    const kinds = ['visit-home', 'visit-phone', 'group-session', 'community-activity'] as const;
    const recordBody = (i: number) => {
      const kind = kinds[i % kinds.length] as (typeof kinds)[number];
      const who = recipients[i % recipients.length] as string;
      const date = `2026-11-${String((i % 30) + 1).padStart(2, '0')}`;
      const workerIds = [
        workers[i % workers.length] as string,
        ...(i % 5 === 0 ? [workers[(i + 1) % 4] as string] : []),
      ];
      return {
        kind,
        date,
        title: `${kind === 'community-activity' ? '社区活动' : kind === 'group-session' ? '小组活动' : '探访'}第${i + 1}次`,
        workerIds,
        recipientIds: kind === 'group-session' ? [who, recipients[(i + 7) % 50] as string] : [who],
        ...(kind === 'community-activity' ? { headcount: 20 + (i % 40) } : {}),
        minutes: 30 + (i % 150),
      };
    };
    progress(`briefs: recording ${recordCount} service records (8 at a time)`);
    const writeStart = performance.now();
    for (let i = 0; i < recordCount; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, recordCount - i) }, (_, j) =>
          ok(
            'record',
            api('POST', `/stations/${station.id}/service-records`, { as: 'op.a', body: recordBody(i + j) }),
          ),
        ),
      );
    }
    const writeSeconds = (performance.now() - writeStart) / 1000;
    for (let i = 0; i < 10; i++) {
      await ok(
        'case',
        api('POST', `/stations/${station.id}/cases`, {
          as: 'op.a',
          body: {
            recipientId: recipients[i],
            workerId: workers[i % 4],
            presentingProblem: '独居',
            openedOn: `2026-11-${String(i + 1).padStart(2, '0')}`,
          },
        }),
      );
    }
    const volunteer = await ok(
      'volunteer',
      api('POST', `/stations/${station.id}/volunteers`, {
        as: 'op.a',
        body: { name: '志愿者', skills: ['陪伴'], registeredOn: '2026-10-01' },
      }),
    );
    for (let i = 0; i < 100; i++) {
      await ok(
        'volunteer hours',
        api('POST', `/stations/${station.id}/volunteer-hours`, {
          as: 'op.a',
          body: {
            volunteerId: volunteer.id,
            date: `2026-11-${String((i % 30) + 1).padStart(2, '0')}`,
            activity: '协助活动',
            minutes: 60,
          },
        }),
      );
    }

    const slot = `${contract.id}-M202611`;
    const draft = (format: 'docx' | 'pdf') =>
      ok(`draft ${format}`, api('GET', `/reports/${slot}/draft?format=${format}`, { as: 'op.a' }));
    const baseline = () =>
      ok('service hours', api('GET', `/stations/${station.id}/service-hours?month=2026-11`, { as: 'op.a' }));

    // The runtime loads a route's module on its first request, here through tsx (transpiling docx and pdf-lib on the
    // fly): that load is timed apart, as a Lambda's prebuilt bundle loads in its cold start, not in a request.
    progress("briefs: loading the draft route's module");
    const moduleLoad = (await timed(() => loadHandler(routes.getReportDraft.handler))).ms;
    progress('briefs: first requests');
    const first = {
      hours: (await timed(baseline)).ms,
      docx: await timed(() => draft('docx')),
      pdf: await timed(() => draft('pdf')),
    };
    const figures = first.docx.result.generatedFrom as { records: number; hours: string; minutes: number };
    if (figures.records !== recordCount) throw new Error(`draft counted ${figures.records} records`);
    const samples = { hours: [] as number[], docx: [] as number[], pdf: [] as number[] };
    const sizes = { docx: 0, pdf: 0 };
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    progress(`briefs: ${repeats} rounds of service hours, DOCX and PDF`);
    try {
      for (let i = 0; i < repeats; i++) {
        samples.hours.push((await timed(baseline)).ms);
        for (const format of ['docx', 'pdf'] as const) {
          const { result, ms } = await timed(() => draft(format));
          samples[format].push(ms);
          sizes[format] = Buffer.from(result.contentBase64 as string, 'base64').byteLength;
        }
      }
    } finally {
      clearInterval(sampler);
    }
    const s = { hours: summarize(samples.hours), docx: summarize(samples.docx), pdf: summarize(samples.pdf) };
    const worst = Math.max(s.docx.p99, s.pdf.p99, first.docx.ms, first.pdf.ms);
    const targets: Target[] = [
      {
        name: `draft of a ${fmt(recordCount, 0)}-record month: p99 under ${TARGET_MS / 1000} s (function timeout 15 s)`,
        met: worst < TARGET_MS,
        detail: `DOCX p99 ${fmtMs(s.docx.p99)} ms, PDF p99 ${fmtMs(s.pdf.p99)} ms; first requests ${fmtMs(first.docx.ms)} / ${fmtMs(first.pdf.ms)} ms`,
        ...(worst < TARGET_MS
          ? {}
          : {
              why: `the PDF's first request in a process parses Noto Sans SC (1.5 MB) with fontkit and lays the text out before rendering (${fmtMs(first.pdf.ms)} ms against a warm median of ${fmtMs(s.pdf.median)} ms), and a warm PDF still embeds the font again (the glyphs used kept, the rest emptied) and has pdf-lib parse it; on this shared two-core machine that passed the target.`,
              fix: 'parse the font once when the module loads (in the cold start, not in a request), embed a font subset prepared once per process instead of rebuilding it per draft, and give the draft route 1024 MB (a Lambda gets CPU in proportion to its memory); none of this is measured here.',
            }),
      },
    ];
    const rows = table(
      ['request', '>first (ms)', '>median (ms)', '>p99 (ms)', '>× service hours', '>file (KB)'],
      [
        [
          'GET service-hours (baseline)',
          fmtMs(first.hours),
          fmtMs(s.hours.median),
          fmtMs(s.hours.p99),
          '1.00×',
          '–',
        ],
        [
          'GET draft DOCX',
          fmtMs(first.docx.ms),
          fmtMs(s.docx.median),
          fmtMs(s.docx.p99),
          fmtRatio(s.docx.median / s.hours.median),
          fmtKB(sizes.docx),
        ],
        [
          'GET draft PDF',
          fmtMs(first.pdf.ms),
          fmtMs(s.pdf.median),
          fmtMs(s.pdf.p99),
          fmtRatio(s.pdf.median / s.hours.median),
          fmtKB(sizes.pdf),
        ],
      ],
    );
    const note = `The draft route's module (with docx, pdf-lib and fontkit) took ${fmtMs(moduleLoad)} ms to load in this process, before the first request (the local runtime loads a route's module on its first request, through tsx; a Lambda loads its prebuilt bundle in its cold start). ${fmt(recordCount, 0)} records (${figures.minutes} minutes = ${figures.hours} hours) written through POST /stations/{id}/service-records in ${fmt(writeSeconds, 1)} s; ${repeats} rounds after the first requests. Peak RSS of the runtime's process during the rounds ${fmtMB(peak)} MB (rise ${fmtMB(peak - rssBefore)} MB over the idle runtime). The draft reads the month's records through the station+month index once, as the service hours do; what it adds is composing the text and rendering the file: the PDF's first request also reads and parses the 1.5 MB Noto Sans SC file once per process (a Lambda container keeps it).`;
    const markdown = [
      `A month of a station with ${fmt(recordCount, 0)} service records, drafted through the whole path (local runtime, DynamoDB Local in memory):`,
      '',
      rows.md,
      '',
      note,
    ].join('\n');
    return {
      id: 'briefs',
      title: '8. Monthly brief draft',
      markdown,
      text: `${rows.text}\n\n${note}`,
      targets,
    };
  } finally {
    await runtime.stop();
    resetClock();
  }
}
