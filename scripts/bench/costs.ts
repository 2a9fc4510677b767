import { startScheduler } from '#infra/local/scheduler';
import { resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { forgetDivisionsCache } from '#shared/adapters/dynamodb/divisions.repository';
import { resetS3Client } from '#shared/adapters/s3/reports-store';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { useLocalWorkQueues } from '#shared/jobs/work-queue';
import { type JobDefinition, type JobId, jobs } from '#shared/manifest';
import {
  busiestDay,
  countDue,
  type DayTable,
  dueByDay,
  emptyUsage,
  FROM_DAY,
  installUsageCounters,
  instantOn,
  JINAN_STATIONS,
  MEASURED,
  NATIONAL,
  openJobStores,
  recordInvocation,
  recordSend,
  restoreDue,
  seedDayTable,
  total,
  type Usage,
  useTable,
} from './job-days';
import { type BenchOptions, fmt, fmtInt, progress, type Section, type Target, table } from './lib';

/**
 * 10. Cost per run (issue 20 item 3): what each job of the manifest asks of the managed services per run —
 * DynamoDB requests by operation with their read and write request units, SQS requests of a fanned-out job, S3
 * requests of the archive copies, function invocations — measured with the job's own code on the local runtime and
 * scaled to each job's busiest day at Jinan's and at national scale.
 *
 * For each job: its busiest day in section 3's national data (the day ahead with most items due in its byDue
 * partitions; the archive copies' generated hour), a modest national-shaped table generated as of that day (so
 * its due items have that day's mix of steps), and three runs fired as the local scheduler fires them (a
 * fanned-out job: its dispatcher, then its worker until the queue is empty): one to warm up, one with half of the
 * due items put back, one with all. A run's usage is then fixed + per item × due items, the two measured runs give
 * both, and the busiest days' counts give the runs at Jinan's and national scale.
 */

/** Published on-demand price, China (Beijing) and China (Ningxia): amazonaws.cn/en/dynamodb/pricing (stored page). */
const YUAN_PER_MILLION_WRU = 11.1538;

interface Run {
  readonly due: number;
  readonly usage: Usage;
  readonly ms: number;
}

/** A usage as numbers, for the linear fit. */
const flat = (u: Usage): Record<string, number> => {
  const out: Record<string, number> = {
    rru: u.rru,
    wru: u.wru,
    indexWru: u.indexWru,
    invocations: u.invocations,
  };
  for (const [k, v] of u.dynamo) out[`dynamo:${k}`] = v;
  for (const [k, v] of u.sqs) out[`sqs:${k}`] = v;
  for (const [k, v] of u.s3) out[`s3:${k}`] = v;
  return out;
};

/** fixed + perItem × n through the two runs (all due, half due); a run with nothing due is all fixed. */
function linearFit(full: Run, half: Run): { fixed: Record<string, number>; perItem: Record<string, number> } {
  const a = flat(full.usage);
  const b = flat(half.usage);
  const fixed: Record<string, number> = {};
  const perItem: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const fa = a[k] ?? 0;
    const fb = b[k] ?? 0;
    const slope = full.due > half.due ? (fa - fb) / (full.due - half.due) : full.due > 0 ? fa / full.due : 0;
    perItem[k] = Math.max(0, slope);
    fixed[k] = Math.max(0, fa - perItem[k] * full.due);
  }
  return { fixed, perItem };
}

const at = (f: ReturnType<typeof linearFit>, n: number) => {
  const out: Record<string, number> = {};
  for (const k of Object.keys(f.perItem)) out[k] = (f.fixed[k] ?? 0) + (f.perItem[k] ?? 0) * n;
  return out;
};
const sumPrefix = (r: Record<string, number>, prefix: string) =>
  Object.entries(r)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((n, [, v]) => n + v, 0);
const byOp = (r: Record<string, number>, prefix: string, digits: number) =>
  Object.entries(r)
    .filter(([k, v]) => k.startsWith(prefix) && v > 0)
    .map(([k, v]) => `${k.slice(prefix.length)} ${v < 0.005 ? '<0.01' : fmt(v, digits)}`)
    .join(', ') || '–';

export async function runCosts(options: BenchOptions): Promise<Section> {
  const measured = MEASURED[options.scale];
  const { dynamo, seedClient, s3Setup, ref, close } = await openJobStores(options, 'costs');
  const { calendar } = ref;
  try {
    const jinanScale = { stations: JINAN_STATIONS, districts: ref.jinan.length };
    progress(
      `costs: counting due items by day at national (${fmtInt(NATIONAL.stations)} stations) and Jinan scale`,
    );
    const nationalCounts = dueByDay(NATIONAL, ref);
    const jinanCounts = dueByDay(jinanScale, ref);
    const jobIds = Object.keys(jobs) as JobId[];
    const plan = jobIds.map((jobId) => ({
      jobId,
      national: busiestDay(jobId, nationalCounts, calendar),
      jinan: busiestDay(jobId, jinanCounts, calendar),
    }));

    // One modest table per distinct busiest day.
    const tables = new Map<IsoDate, DayTable>();
    for (const day of new Set(plan.map((p) => p.national.day))) {
      const t0 = performance.now();
      const t = await seedDayTable(dynamo.endpoint, seedClient, 'bench-costs', day, measured, ref);
      tables.set(day, t);
      progress(
        `costs: ${fmtInt(t.items)} items as of ${day} (${fmtInt(measured.stations)} stations) in ${fmt((performance.now() - t0) / 1000, 0)} s`,
      );
    }

    // The system's clients, counted; the scheduler's queues, counted as SQS would bill them.
    resetDocumentClient();
    resetS3Client();
    const counters = installUsageCounters();
    const scheduler = startScheduler(false);
    let usage: Usage | undefined;
    useLocalWorkQueues((jobId) => ({
      send: async (bodies) => {
        if (usage) recordSend(usage, bodies.length);
        scheduler.fanOut.queue(jobId).send(bodies);
      },
    }));
    for (const jobId of jobIds) {
      if (!(jobs[jobId] as JobDefinition).fanOut) continue;
      const queue = scheduler.fanOut.queue(jobId);
      const receive = queue.receive.bind(queue);
      queue.receive = (max?: number) => {
        const records = receive(max);
        if (records.length > 0 && usage) recordInvocation(usage);
        return records;
      };
    }

    const results: { jobId: JobId; day: IsoDate; full: Run; half: Run; fit: ReturnType<typeof linearFit> }[] =
      [];
    for (const p of plan) {
      const t = tables.get(p.national.day) as DayTable;
      const once = async (share: number): Promise<Run> => {
        useTable(t);
        await restoreDue(seedClient, s3Setup, t, p.jobId, share);
        const due = await countDue(seedClient, t, p.jobId);
        const u = emptyUsage();
        u.invocations = 1; // the scheduled function
        usage = u;
        counters.collect(u);
        const started = performance.now();
        const result = (await scheduler.fire(p.jobId, instantOn(t.day))) as { failed?: number };
        const ms = performance.now() - started;
        counters.collect(undefined);
        usage = undefined;
        if (Number(result.failed ?? 0) > 0)
          throw new Error(`costs: ${p.jobId} failed ${result.failed} items`);
        return { due, usage: u, ms };
      };
      await once(1);
      const half = await once(0.5);
      const full = await once(1);
      results.push({ jobId: p.jobId, day: t.day, full, half, fit: linearFit(full, half) });
      progress(
        `costs: ${p.jobId} on ${t.day}: ${full.due} due, ${fmtInt(total(full.usage.dynamo))} DynamoDB requests, ${fmt(full.usage.rru, 1)} RRU, ${fmt(full.usage.wru, 1)} WRU, ${fmtInt(total(full.usage.sqs))} SQS, ${fmtInt(total(full.usage.s3))} S3`,
      );
    }
    forgetDivisionsCache();

    // Report.
    const measuredRows = results.map((r) => {
      const f = r.fit;
      const fan = (jobs[r.jobId] as JobDefinition).fanOut;
      return [
        `${r.jobId}${fan ? ' (fanned out)' : ''}`,
        r.day,
        `${fmtInt(r.half.due)} / ${fmtInt(r.full.due)}`,
        byOp(f.perItem, 'dynamo:', 2),
        fmt(f.perItem.rru ?? 0, 2),
        `${fmt(f.perItem.wru ?? 0, 2)} (${fmt(f.perItem.indexWru ?? 0, 2)})`,
        byOp(f.perItem, 'sqs:', 2),
        byOp(f.perItem, 's3:', 2),
        `${fmt(sumPrefix(f.fixed, 'dynamo:'), 0)} req, ${fmt(f.fixed.rru ?? 0, 1)} RRU, ${fmt(f.fixed.wru ?? 0, 1)} WRU`,
      ];
    });
    const measuredTable = table(
      [
        'job',
        'measured on',
        '>due (½ / all)',
        'DynamoDB requests per due item',
        '>RRU per item',
        '>WRU per item (of which index entries)',
        'SQS per item',
        'S3 per item',
        'fixed per run',
      ],
      measuredRows,
    );
    const scaleRows: string[][] = [];
    const totals = { jinan: { wru: 0, rru: 0, req: 0 }, national: { wru: 0, rru: 0, req: 0 } };
    for (const r of results) {
      const p = plan.find((x) => x.jobId === r.jobId) as (typeof plan)[number];
      for (const [scale, busiest] of [
        ['Jinan', p.jinan],
        ['national', p.national],
      ] as const) {
        const x = at(r.fit, busiest.items);
        const dynamoReq = sumPrefix(x, 'dynamo:');
        const sqsReq = sumPrefix(x, 'sqs:');
        const s3Req = sumPrefix(x, 's3:');
        const key = scale === 'Jinan' ? 'jinan' : 'national';
        totals[key].wru += x.wru ?? 0;
        totals[key].rru += x.rru ?? 0;
        totals[key].req += dynamoReq + sqsReq + s3Req;
        scaleRows.push([
          `${r.jobId} — ${scale}`,
          r.jobId === 'archive-copies' ? `${busiest.day} (one hourly run)` : busiest.day,
          fmtInt(busiest.items),
          fmtInt(dynamoReq),
          fmtInt(x.rru ?? 0),
          fmtInt(x.wru ?? 0),
          fmtInt(sqsReq),
          fmtInt(s3Req),
          fmtInt(x.invocations ?? 0),
          fmt(((x.wru ?? 0) / 1e6) * YUAN_PER_MILLION_WRU, 4),
        ]);
      }
    }
    const scaleTable = table(
      [
        'job — scale',
        'busiest day',
        '>items due',
        '>DynamoDB requests',
        '>RRU',
        '>WRU',
        '>SQS requests',
        '>S3 requests',
        '>invocations',
        '>¥ for the WRU',
      ],
      scaleRows,
    );
    const notice = results.find((r) => r.jobId === 'notice-delivery');
    const noticeDaily = notice
      ? `notice-delivery runs every minute: its fixed cost × 1,440 runs a day is ${fmtInt(sumPrefix(notice.fit.fixed, 'dynamo:') * 1440)} DynamoDB requests and ${fmtInt((notice.fit.fixed.rru ?? 0) * 1440)} RRU a day with nothing due.`
      : '';
    const note = [
      `Measured with each job's own code on the local runtime (\`npm run bench -- --only=costs\`, \`scripts/bench/costs.ts\`, helpers in \`scripts/bench/job-days.ts\`). For each job of the manifest: its busiest day in section 3's national data (${fmtInt(NATIONAL.stations)} stations, ${fmtInt(NATIONAL.districts)} county-level units; from ${FROM_DAY} the 60 days ahead, by the items due in its byDue partitions; the archive copies: the documents of the hour before 09:00 on ${FROM_DAY}, one hourly run), and the same for Jinan (${JINAN_STATIONS} stations over its ${ref.jinan.length} county-level units). A modest national-shaped table (${fmtInt(measured.stations)} stations, ${fmtInt(measured.districts)} units) is generated as of each busiest day, and the job is fired three times as the local scheduler fires it — a fanned-out job as its dispatcher and then its worker until the queue is empty — once to warm up, then with half of its due items put back, then with all.`,
      "Counting: a middleware on the system's own DynamoDB client adds `ReturnConsumedCapacity: 'INDEXES'` to every request and adds up the units DynamoDB Local answers with. DynamoDB Local does compute them by DynamoDB's rules (checked while writing this: a 2.5 KB item with a byDue entry put costs 3 + 3 write units, in a transaction twice that; an eventually consistent GetItem 0.5 read units, a strongly consistent one 1), so they are the read and write request units on-demand DynamoDB would bill, not an estimate from item sizes. A request that failed is counted, its units are not (on AWS a refused conditional write still costs its units; none failed here). SQS is counted as the system's SQS adapter would send it (SendMessageBatch of 10, shared/adapters/sqs/work-queue.ts) and as the event source mapping consumes it: one ReceiveMessage and one DeleteMessageBatch per worker invocation; the mapping's empty long polls cost the same whether a job runs or not and are left out. S3 requests are counted by operation on the system's S3 client. Invocations: the scheduled function, plus one per worker batch.",
      `Scaling: a run's requests and units are linear in its due items — every item is read, acted on and written on its own (a key read, a conditional transaction with its audit record, its notices), and only the index pages (250 entries each) and the reference reads (policies, calendar, divisions, each cached per container) do not grow with them. The two measured runs give the fixed part and the part per item; the busiest days' item counts give the runs below. On AWS each worker container reads the reference data once, so a fanned-out run's fixed part grows by up to that per container (at most the manifest's concurrency).`,
      `Prices: the stored amazonaws.cn DynamoDB pricing page gives the on-demand write price for China (Beijing) and China (Ningxia) as ¥ 11.1538 per million write request units (https://www.amazonaws.cn/en/dynamodb/pricing/); the read request price, and SQS's and S3's China prices, were not in the stored pages, so those are given in units and requests only. ${noticeDaily}`,
    ].join('\n\n');
    const missingItems = results.filter((r) => r.full.due === 0);
    const targets: Target[] = [
      {
        name: 'cost per run measured for every job in the manifest, at Jinan and national scale',
        met: results.length === jobIds.length,
        detail: `${results.length} of ${jobIds.length} jobs; busiest days summed (one run of each job, archive-copies one hourly run): Jinan ${fmtInt(totals.jinan.req)} requests, ${fmtInt(totals.jinan.rru)} RRU, ${fmtInt(totals.jinan.wru)} WRU (¥ ${fmt((totals.jinan.wru / 1e6) * YUAN_PER_MILLION_WRU, 3)} for the writes); national ${fmtInt(totals.national.req)} requests, ${fmtInt(totals.national.rru)} RRU, ${fmtInt(totals.national.wru)} WRU (¥ ${fmt((totals.national.wru / 1e6) * YUAN_PER_MILLION_WRU, 2)} for the writes)${missingItems.length ? `; with nothing due in the generated data, only their fixed cost: ${missingItems.map((r) => r.jobId).join(', ')}` : ''}`,
      },
    ];
    return {
      id: 'costs',
      title: '11. Cost per run',
      markdown: [
        note,
        '',
        '**Measured per due item, and fixed per run**',
        '',
        measuredTable.md,
        '',
        '**Per run on the busiest day, Jinan and national scale**',
        '',
        scaleTable.md,
      ].join('\n'),
      text: [measuredTable.text, '', scaleTable.text].join('\n'),
      targets,
    };
  } finally {
    await close();
  }
}
