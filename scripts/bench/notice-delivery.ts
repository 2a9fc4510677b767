import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { startScheduler } from '#infra/local/scheduler';
import { LOCAL_SMS_TEMPLATES, startSink } from '#infra/local/sink';
import { LOCAL_WORKER_CONCURRENCY } from '#infra/local/work-queue';
import { resetFieldCrypto } from '#shared/adapters/crypto/field-crypto';
import { deliveryItem } from '#shared/adapters/dynamodb/deliveries.repository';
import {
  type Contact,
  notificationWrite,
  putContactWrite,
  sealContactPhone,
} from '#shared/adapters/dynamodb/reports.repository';
import { DELIVERY_JOB } from '#shared/adapters/notify/delivery-job';
import { forgetSecrets } from '#shared/adapters/notify/secrets';
import { DELIVERY_CONCURRENCY, runNoticeDelivery } from '#shared/application/notify/deliveries.use-case';
import { HAND_ON_MINUTES } from '#shared/application/notify/delivery-fan-out.use-case';
import { tableName } from '#shared/config';
import { maskPhone } from '#shared/domain/contracts/roster';
import { type Delivery, deliveryId } from '#shared/domain/notify/delivery';
import type { Notification } from '#shared/domain/reports/submission';
import { type FanOutDefinition, JOB_TIMEOUT_SECONDS, jobs } from '#shared/manifest';
import { Writer } from './jobs';
import { type BenchOptions, fmt, fmtInt, fmtRatio, median, progress, type Target } from './lib';

/**
 * Section 9, notice delivery (issue 20): the SMS of a national busiest day, sent in line (one invocation of the
 * notice-delivery job, `DELIVERY_CONCURRENCY` attempts in flight) and fanned out (the dispatcher, then the worker
 * drained `LOCAL_WORKER_CONCURRENCY` invocations at a time, each a batch of the manifest's size at once), on the same
 * deliveries in the same run. The deliveries are what the deadline jobs leave: one SMS per notice, pending and due
 * now, to 200 operators whose phones are sealed; the gateway is the local sink answering `GATEWAY_MS` after each
 * request (a stated round trip to an SMS provider, not measured), so the attempts wait on the network as they do on
 * AWS rather than on the machine's CPU. Each attempt is the real one: the notice read, the phone opened, the claim,
 * the signed request, the settlement. Before each run every delivery is put back pending and due.
 */
export const DELIVERIES: Readonly<Record<BenchOptions['scale'], number>> = { small: 1_000, full: 4_000 };
/** The SMS gateway's round trip, stated (the sink waits this long before it answers). */
export const GATEWAY_MS = 100;
const OPERATORS = 200;

export interface DeliveryMeasure {
  readonly rows: string[][];
  readonly projection: string[];
  readonly targets: Target[];
  readonly note: string;
}

type Scheduler = ReturnType<typeof startScheduler>;

export async function benchNoticeDelivery(
  options: BenchOptions,
  scheduler: Scheduler,
  seedClient: DynamoDBDocumentClient,
  reps: number,
  /** The SMS of the national busiest day: one per reminder, overdue and escalation notice of the deadline jobs. */
  nationalSms: number,
): Promise<DeliveryMeasure> {
  const n = DELIVERIES[options.scale];
  const dir = join(options.workDir, 'fanout-notices');
  mkdirSync(dir, { recursive: true });
  const sink = await startSink({ port: 0, file: join(dir, 'requests.jsonl'), delayMs: GATEWAY_MS });
  const saved = { ...process.env };
  writeFileSync(join(dir, 'sms.json'), JSON.stringify({ secret: randomBytes(24).toString('base64url') }));
  Object.assign(process.env, {
    NOTICE_CHANNELS: 'sms',
    SMS_PROVIDER: 'generic',
    SMS_ENDPOINT: `${sink.url}/sms`,
    SMS_SECRET: `file:${join(dir, 'sms.json')}`,
    SMS_SIGN_NAME: '济南社工站',
    SMS_TEMPLATES: JSON.stringify(LOCAL_SMS_TEMPLATES),
    LOCAL_FIELD_KEY: randomBytes(32).toString('base64'),
  });
  forgetSecrets();
  resetFieldCrypto();
  const sent = () =>
    existsSync(sink.file) ? readFileSync(sink.file, 'utf8').split('\n').filter(Boolean).length : 0;
  try {
    const main = tableName('main');
    const at = new Date();
    const w = new Writer(seedClient);
    const parties = Array.from(
      { length: OPERATORS },
      (_, i) => `operator:org-bench-${String(i).padStart(3, '0')}`,
    );
    for (const [i, party] of parties.entries()) {
      const phone = `139${String(10_000_000 + i).padStart(8, '0')}`;
      const contact: Contact = {
        party,
        phone: maskPhone(phone),
        sealed: { phone: await sealContactPhone(party, phone) },
        version: 1,
        updatedAt: at.toISOString(),
      };
      await w.put(main, putContactWrite(contact).item.Put?.Item as Record<string, unknown>);
    }
    const notes: Notification[] = Array.from({ length: n }, (_, i) => ({
      id: `01JBENCHNOTE${String(i).padStart(14, '0')}`,
      party: parties[i % OPERATORS] as string,
      type: 'report.reminder',
      title: `【提醒】月度简报将于 11 月 30 日到期（第 ${i + 1} 站）`,
      body: '请按期提交月度简报。',
      subject: { type: 'report', id: `SLOT-${i}` },
      createdAt: at.toISOString(),
    }));
    for (const note of notes)
      await w.put(main, notificationWrite(note, false).item.Put?.Item as Record<string, unknown>);
    await w.flush();

    /** Every delivery pending and due a second ago, as the deadline jobs leave them. */
    const prepare = async () => {
      const due = new Date(Date.now() - 1_000).toISOString();
      for (const note of notes) {
        const d: Delivery = {
          id: deliveryId(note.id, 'sms'),
          noteId: note.id,
          party: note.party,
          channel: 'sms',
          type: note.type,
          status: 'pending',
          attempts: 0,
          dueAt: due,
          recipient: '139****0000',
          createdAt: due,
          updatedAt: due,
        };
        await w.put(main, deliveryItem(d));
      }
      await w.flush();
    };
    interface Run {
      readonly ms: number;
      readonly acted: number;
      readonly sent: number;
    }
    const inLine = async (): Promise<Run> => {
      await prepare();
      const before = sent();
      const t0 = performance.now();
      const r = await runNoticeDelivery(new Date(), DELIVERY_JOB);
      return { ms: performance.now() - t0, acted: r.acted, sent: sent() - before };
    };
    const fannedOut = async (): Promise<Run> => {
      await prepare();
      const before = sent();
      const t0 = performance.now();
      const r = (await scheduler.fire('notice-delivery')) as { acted?: number };
      return { ms: performance.now() - t0, acted: r.acted ?? 0, sent: sent() - before };
    };
    progress(`fanout: notice-delivery, ${fmtInt(n)} SMS due; warm-up`);
    await inLine();
    await fannedOut();
    const runs = { inLine: [] as Run[], fannedOut: [] as Run[] };
    for (let rep = 0; rep < reps; rep++) {
      for (const way of rep % 2 ? (['fannedOut', 'inLine'] as const) : (['inLine', 'fannedOut'] as const)) {
        const r = way === 'inLine' ? await inLine() : await fannedOut();
        if (r.acted !== n || r.sent !== n)
          throw new Error(`fanout: notice-delivery ${way} sent ${r.sent} and acted on ${r.acted} of ${n}`);
        runs[way].push(r);
        progress(`fanout: notice-delivery ${way} ${fmt(r.ms / 1000, 1)} s, ${r.sent} SMS sent of ${n} due`);
      }
    }

    const def = jobs['notice-delivery'].fanOut as FanOutDefinition;
    const seq = median(runs.inLine.map((r) => r.ms));
    const fan = median(runs.fannedOut.map((r) => r.ms));
    const perSecond = (ms: number) => (n / ms) * 1000;
    const ratio = seq / fan;
    const rows = [
      [
        `notice-delivery (SMS due at once): in line (one invocation, ${DELIVERY_CONCURRENCY} attempts in flight)`,
        fmtInt(n),
        fmtInt(median(runs.inLine.map((r) => r.acted))),
        fmt(seq / 1000, 1),
        fmt(perSecond(seq), 0),
        '1.00×',
      ],
      [
        `notice-delivery (SMS due at once): fanned out (dispatcher + worker, ${LOCAL_WORKER_CONCURRENCY} invocations × batch ${def.batchSize})`,
        fmtInt(n),
        fmtInt(median(runs.fannedOut.map((r) => r.acted))),
        fmt(fan / 1000, 1),
        fmt(perSecond(fan), 0),
        fmtRatio(ratio),
      ],
    ];
    // AWS: an attempt is the gateway's round trip plus about four DynamoDB calls (~40 ms); a batch takes about its
    // slowest attempt. In line: one invocation a minute with DELIVERY_CONCURRENCY in flight, of which about
    // JOB_TIMEOUT_SECONDS - 30 s are usable.
    const attemptMs = GATEWAY_MS + 40;
    const awsPerSecond = (def.maxConcurrency * def.batchSize * 1000) / (2 * attemptMs + 50);
    const awsWorkS = nationalSms / awsPerSecond;
    const inLinePerSecond = (DELIVERY_CONCURRENCY * 1000) / attemptMs;
    const inLineMin = nationalSms / inLinePerSecond / 60;
    // The dispatcher: pages of 250 per byDue shard, 16 shards at once, each page a Query and its SendMessageBatch
    // calls (~50 ms) and a conditional update per delivery (~10 ms), 25 at a time.
    const pages = Math.ceil(nationalSms / 250);
    const dispatchS = (pages * 50 + (nationalSms * 10) / 25) / 16 / 1000;
    const projection = [
      'notice-delivery (SMS)',
      fmtInt(nationalSms),
      `${def.batchSize} × ${def.maxConcurrency}`,
      fmtInt(awsPerSecond),
      `${fmt(awsWorkS, 0)} s`,
      `${pages} pages, ~${fmt(dispatchS, 0)} s of ${JOB_TIMEOUT_SECONDS} s`,
      `${fmt(inLineMin, 1)} min`,
    ];
    const targets: Target[] = [
      {
        name: 'notice-delivery fanned out: faster than in line on the same SMS, in the same run',
        met: ratio > 1,
        detail: `${fmtInt(n)} SMS due at once, gateway answering in ${GATEWAY_MS} ms: in line ${fmt(perSecond(seq), 0)}/s, fanned out ${fmt(perSecond(fan), 0)}/s = ${fmtRatio(ratio)}; each sent once in every run`,
        ...(ratio > 1
          ? {}
          : {
              why: `in line took ${runs.inLine.map((r) => fmt(r.ms / 1000, 1)).join(', ')} s and fanned out ${runs.fannedOut.map((r) => fmt(r.ms / 1000, 1)).join(', ')} s`,
              fix: 'profile the worker: the attempts should wait on the gateway, not on the machine',
            }),
      },
      {
        name: 'notice-delivery, national busiest day, projected to AWS: within the hand-on and the timeout with room to spare',
        met: awsWorkS < (HAND_ON_MINUTES * 60) / 3 && dispatchS < JOB_TIMEOUT_SECONDS / 3,
        detail: `${fmtInt(nationalSms)} SMS: dispatcher ~${fmt(dispatchS, 0)} s of ${JOB_TIMEOUT_SECONDS} s; worker ~${fmt(awsWorkS, 0)} s at ${fmtInt(awsPerSecond)}/s (${def.batchSize} × ${def.maxConcurrency} in flight, ${attemptMs} ms an attempt), against the ${HAND_ON_MINUTES}-minute hand-on after which an unsent delivery is handed on again; in line ${fmt(inLinePerSecond, 0)}/s, ${fmt(inLineMin, 1)} min of one-a-minute runs`,
      },
    ];
    const note = `notice-delivery: ${fmtInt(n)} SMS deliveries pending and due at once (one per notice, to ${OPERATORS} operators with sealed phones), sent through the local SMS sink answering ${GATEWAY_MS} ms after each request (a stated gateway round trip); in line one invocation of \`runNoticeDelivery\` (${DELIVERY_CONCURRENCY} in flight), fanned out the job fired as \`npm run job\` fires it (dispatcher, then the worker); ${reps} runs each after a warm-up, alternating, every delivery put back pending before each; each run sent every SMS once (the sink's count). Projected: the national busiest day's ${fmtInt(nationalSms)} SMS (one per notice the deadline jobs send that day), ${attemptMs} ms an attempt on AWS (gateway ${GATEWAY_MS} ms + about four DynamoDB calls), a batch about its slowest attempt; the in-line figure is one invocation at a time with ${DELIVERY_CONCURRENCY} in flight.`;
    return { rows, projection, targets, note };
  } finally {
    process.env = saved;
    forgetSecrets();
    resetFieldCrypto();
    await sink.stop();
  }
}
