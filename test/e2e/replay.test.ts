import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandler } from '#infra/local/api-gateway';
import { resetClock, setClock } from '#shared/clock';
import { triggers } from '#shared/manifest';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { always, injectFaults } from '#test/helpers/faults';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
type Outcomes = { passed: number; failed: number; duplicate: number; unmatched: number };
type Trigger = (event: unknown, context: Context) => Promise<{ outcomes: Outcomes }>;

const PDF = 'application/pdf';
const BRIEF = [
  '本月服务开展情况',
  '个案 12 个',
  '服务成效',
  '困境儿童照护改善',
  '存在问题',
  '志愿者不足',
  '下月工作计划',
  '开展暑期课堂',
];
const JD_EMAIL = 'jiefanglu@example.test';
const MZ_EMAIL = 'lixia@example.test';
const REPLAYS = 5;

const figures: string[] = [];

/**
 * S3 events replayed and out of order change nothing twice (R9.4). Uploads go through the local runtime as a user
 * makes them (presigned PUT to s3rver, whose ObjectCreated event the runtime hands to the validate-report trigger).
 * To have events delivered again, and in an order of our choosing, the first delivery is made to fail as a Lambda
 * fails when DynamoDB is unavailable (a crash injected on the trigger's commit, after it copied the object); the
 * captured events are then delivered again to the same trigger handler, as Lambda's asynchronous retries and S3's
 * at-least-once delivery do: N times, concurrently, and newest first. Whatever the order and the count, each slot,
 * its submissions, the inboxes, the audit log and the e-mail outbox end as if each event had been delivered once.
 * Clock pinned to 2026-11-25 10:00 Asia/Shanghai.
 */
describe('S3 upload events replayed and out of order', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let contractId: string;
  let trigger: Trigger;
  const slot = (suffix: string) => `${contractId}-${suffix}`;

  async function ticket(slotId: string, bytes: Uint8Array) {
    const res = await api('POST', `/reports/${slotId}/upload-url`, {
      as: 'op.a',
      body: { contentType: PDF, bytes: bytes.byteLength, fileName: '简报.pdf' },
    });
    expect(res.status).toBe(201);
    return { uploadId: res.body.uploadId as string, url: res.body.url as string, bytes };
  }
  async function put(t: { url: string; bytes: Uint8Array }) {
    const res = await fetch(t.url, { method: 'PUT', headers: { 'content-type': PDF }, body: t.bytes });
    expect(res.status).toBe(200);
  }
  const eventOf = (uploadId: string) => {
    const delivery = runtime.s3.deliveries.find((d) => JSON.stringify(d.event).includes(uploadId));
    if (!delivery) throw new Error(`no S3 event for upload ${uploadId}`);
    return delivery;
  };

  /** Delivers events to the trigger; a delivery that throws is what Lambda would retry, so it is counted. */
  async function deliver(events: unknown[], concurrently = false) {
    const tally = { passed: 0, failed: 0, duplicate: 0, unmatched: 0, threw: 0 };
    const one = async (event: unknown) => {
      try {
        const { outcomes } = await trigger(event, {} as Context);
        for (const [k, v] of Object.entries(outcomes)) tally[k as keyof Outcomes] += v;
      } catch {
        tally.threw += 1;
      }
    };
    if (concurrently) await Promise.all(events.map(one));
    else for (const event of events) await one(event);
    return tally;
  }

  const outbox = () => {
    try {
      return readFileSync(join(process.env.MAIL_OUTBOX_DIR as string, 'outbox.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l)
        .map((l) => JSON.parse(l) as { to: string; text: string });
    } catch {
      return [];
    }
  };
  /** What one slot looks like to its readers, with every count a replay could inflate. */
  async function state(slotId: string) {
    const detail = (await api('GET', `/reports/${slotId}`, { as: 'lixia.mz' })).body;
    const submitted = async (as: string) =>
      (
        (await api('GET', '/notifications?limit=100', { as })).body.items as {
          type: string;
          subject: { id: string };
        }[]
      ).filter((n) => n.type === 'report.submitted' && n.subject.id === slotId).length;
    const audit = (
      await api('GET', `/audit?entityType=report&entityId=${slotId}&limit=100`, { as: 'lixia.mz' })
    ).body.items as { action: string }[];
    // The notice-delivery job sends what the trigger's notices left due (no function but the job sends).
    await runtime.scheduler.fire('notice-delivery');
    const mails = outbox().filter((m) => m.text.includes(slotId));
    return {
      status: detail.slot.status as string,
      version: detail.slot.version as number,
      currentUploadId: detail.slot.currentUploadId as string | undefined,
      submissions: (detail.submissions as { uploadId: string; outcome: string }[])
        .map((s) => `${s.uploadId}:${s.outcome}`)
        .sort(),
      inboxDistrict: await submitted('lixia.mz'),
      inboxStreet: await submitted('jiefanglu.jd'),
      auditSubmits: audit.filter((r) => r.action === 'report.submit').length,
      emailsDistrict: mails.filter((m) => m.to === MZ_EMAIL).length,
      emailsStreet: mails.filter((m) => m.to === JD_EMAIL).length,
    };
  }
  /** The state of a slot after `n` passed uploads, each delivered once. */
  const onceEach = (n: number, openVersion: number) => ({
    status: 'submitted',
    version: openVersion + n,
    inboxDistrict: n,
    inboxStreet: n,
    auditSubmits: n,
    emailsDistrict: n,
    emailsStreet: n,
  });

  /** PUTs the objects while the trigger's commit crashes: every first delivery fails and leaves nothing behind. */
  async function uploadWithFailedDeliveries(tickets: { url: string; bytes: Uint8Array; uploadId: string }[]) {
    const faults = injectFaults().add({
      fault: 'crash',
      operations: ['TransactWriteItems'],
      attempts: always,
    });
    try {
      // S3 stamps each upload with the time it received it: a second apart here, in the order of the tickets.
      for (const [i, t] of tickets.entries()) {
        setClock(() => new Date(Date.parse('2026-11-25T02:00:00Z') + i * 1000));
        await put(t);
        await runtime.s3.drain();
      }
    } finally {
      faults.remove();
      setClock(() => new Date('2026-11-25T02:00:00Z'));
    }
    for (const t of tickets) expect(eventOf(t.uploadId).error).toContain('not processed');
    return faults.stats.injected.crash;
  }

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    trigger = await loadHandler<Trigger>(triggers['validate-report'].handler);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-REPLAY-2026') },
    });
    contractId = contract.body.id;
    expect(
      (
        await api('POST', `/contracts/${contractId}/status`, {
          as: 'lixia.mz',
          body: { version: 1, to: 'active' },
        })
      ).status,
    ).toBe(200);
    for (const [as, email] of [
      ['jiefanglu.jd', JD_EMAIL],
      ['lixia.mz', MZ_EMAIL],
    ]) {
      expect((await api('PUT', '/notification-settings', { as, body: { email, version: 0 } })).status).toBe(
        200,
      );
    }
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
    console.log(
      `\nS3 replay figures (local runtime: s3rver + validate-report trigger)\n${figures.join('\n')}`,
    );
  });

  it(`changes nothing when a processed event is delivered ${REPLAYS} more times in a row and ${REPLAYS} at once`, async () => {
    const id = slot('M202610');
    const openVersion = (await state(id)).version;
    const t = await ticket(id, await makePdf(['2026年10月工作简报', ...BRIEF]));
    await put(t);
    await runtime.s3.drain();
    const once = await state(id);
    expect(once).toMatchObject({ ...onceEach(1, openVersion), currentUploadId: t.uploadId });
    const event = eventOf(t.uploadId).event;

    const sequential = await deliver(Array(REPLAYS).fill(event));
    const concurrent = await deliver(Array(REPLAYS).fill(event), true);
    expect(sequential).toMatchObject({ passed: 0, failed: 0, duplicate: REPLAYS, threw: 0 });
    expect(concurrent).toMatchObject({ passed: 0, failed: 0, duplicate: REPLAYS, threw: 0 });
    expect(await state(id)).toEqual(once);
    figures.push(
      `  processed event replayed ${REPLAYS}× in a row + ${REPLAYS}× at once: ${JSON.stringify({ sequential, concurrent })}; slot unchanged (version ${once.version}, submissions ${once.submissions.length}, inbox ${once.inboxDistrict}+${once.inboxStreet}, audit ${once.auditSubmits}, e-mails ${once.emailsDistrict}+${once.emailsStreet})`,
    );
  });

  it(`delivers the events of two uploads newest first, each ${REPLAYS} times, interleaved: each counts once`, async () => {
    const [idA, idB] = [slot('M202609'), slot('M202608')];
    const [openA, openB] = [(await state(idA)).version, (await state(idB)).version];
    const a = await ticket(idA, await makePdf(['2026年9月工作简报', ...BRIEF]));
    const b = await ticket(idB, await makePdf(['2026年8月工作简报', ...BRIEF]));
    const crashes = await uploadWithFailedDeliveries([a, b]);
    // The failed first deliveries stored nothing: the slots are as they were.
    for (const id of [idA, idB]) {
      expect(await state(id)).toMatchObject({
        status: 'open',
        submissions: [],
        inboxDistrict: 0,
        inboxStreet: 0,
        auditSubmits: 0,
        emailsDistrict: 0,
        emailsStreet: 0,
      });
    }
    const [eventA, eventB] = [eventOf(a.uploadId).event, eventOf(b.uploadId).event];
    // B (uploaded second) first, then interleaved repeats of both.
    const order = [eventB, eventB, eventA, eventB, eventA, eventA, eventB, eventA, eventB, eventA];
    const tally = await deliver(order);
    expect(tally).toMatchObject({ passed: 2, failed: 0, duplicate: 2 * REPLAYS - 2, threw: 0 });
    const [stateA, stateB] = [await state(idA), await state(idB)];
    expect(stateA).toMatchObject({ ...onceEach(1, openA), currentUploadId: a.uploadId });
    expect(stateB).toMatchObject({ ...onceEach(1, openB), currentUploadId: b.uploadId });
    expect(stateA.submissions).toEqual([`${a.uploadId}:passed`]);
    expect(stateB.submissions).toEqual([`${b.uploadId}:passed`]);
    figures.push(
      `  two uploads (two slots), first deliveries failed (${crashes} commits crashed), then B,B,A,B,A,A,B,A,B,A: ${JSON.stringify(tally)}; per slot: submissions 1, inbox 1+1, audit 1, e-mails 1+1`,
    );
  });

  it(`delivers one unprocessed event ${REPLAYS} times at once: one delivery records it, the rest change nothing`, async () => {
    const id = slot('M202606');
    const openVersion = (await state(id)).version;
    const t = await ticket(id, await makePdf(['2026年6月工作简报', ...BRIEF]));
    await uploadWithFailedDeliveries([t]);
    const event = eventOf(t.uploadId).event;
    const burst = await deliver(Array(REPLAYS).fill(event), true);
    // A delivery that lost the race on the transaction may throw (409 CONCURRENT_CHANGE): Lambda retries it.
    const retried = await deliver(Array(burst.threw).fill(event));
    expect(burst.passed).toBe(1);
    expect(burst.failed + retried.failed + retried.passed).toBe(0);
    expect(burst.duplicate + burst.threw).toBe(REPLAYS - 1);
    expect(retried.duplicate).toBe(burst.threw);
    const after = await state(id);
    expect(after).toMatchObject({ ...onceEach(1, openVersion), currentUploadId: t.uploadId });
    expect(after.submissions).toEqual([`${t.uploadId}:passed`]);
    figures.push(
      `  one unprocessed event delivered ${REPLAYS}× at once: ${JSON.stringify(burst)}, retried throws: ${JSON.stringify(retried)}; submissions 1, inbox 1+1, audit 1, e-mails 1+1`,
    );
  });

  it('takes two versions of one slot delivered newest first, each counted once', async () => {
    const id = slot('M202607');
    const openVersion = (await state(id)).version;
    const older = await ticket(id, await makePdf(['2026年7月工作简报', ...BRIEF]));
    const newer = await ticket(id, await makePdf(['2026年7月工作简报（修订）', ...BRIEF]));
    await uploadWithFailedDeliveries([older, newer]);
    const [eventOld, eventNew] = [eventOf(older.uploadId).event, eventOf(newer.uploadId).event];
    const tally = await deliver([eventNew, eventNew, eventOld, eventNew, eventOld, eventOld]);
    expect(tally).toMatchObject({ passed: 2, failed: 0, duplicate: 4, threw: 0 });
    const after = await state(id);
    // The older upload, handled last, is kept as a version but does not replace the newer one, and notifies
    // nobody a second time: the slot changed once.
    expect(after).toMatchObject({ ...onceEach(1, openVersion), currentUploadId: newer.uploadId });
    expect(after.submissions).toEqual([`${older.uploadId}:passed`, `${newer.uploadId}:passed`].sort());
    figures.push(
      `  two versions of one slot, newest first (N,N,O,N,O,O): ${JSON.stringify(tally)}; submissions 2, version +1, inbox 1+1, audit 1 submit + 1 superseded, e-mails 1+1; current = ${after.currentUploadId === newer.uploadId ? 'newer' : 'OLDER'} upload`,
    );
  });
});
