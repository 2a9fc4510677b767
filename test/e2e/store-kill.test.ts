import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignedUrl } from '#shared/adapters/s3/presign';
import { REQUEST_TIMEOUT_MS, STORE_MAX_ATTEMPTS } from '#shared/adapters/store-timeouts';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

interface Outcome {
  readonly status: number;
  readonly ms: number;
  readonly startedAt: number;
  readonly code?: string;
  readonly retryAfter?: string | null;
  readonly contentType?: string;
  readonly trackingCode?: string;
}

/** No request may take longer than this (the function timeout is 30 s locally, 15 s on AWS). */
const NO_HANG_MS = 10_000;
/**
 * A write to a DynamoDB Local that has just been started again, accepts connections and answers slowly (its JVM
 * warming up on a busy machine) may use every local attempt: 3 × 8 s and the backoff, still below the local
 * function timeout (30 s). A refused write is answered at once (the median is printed).
 */
const DYNAMO_GIVE_UP_MS = STORE_MAX_ATTEMPTS * REQUEST_TIMEOUT_MS.local + 2_000;

/**
 * DynamoDB Local acknowledges a transaction before its SQLite COMMIT has run (see the test): a write answered this
 * close to the kill, or after it, may be lost with the JVM. Its COMMIT waits behind the jobs queued before it, a few
 * milliseconds, longer on a loaded machine.
 */
const COMMIT_WINDOW_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function until(what: () => boolean, ms: number, waitingFor = 'a condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${waitingFor}`);
    await sleep(50);
  }
}

interface Readiness {
  readonly status: number;
  readonly ms: number;
  readonly retryAfter: string | null;
  readonly contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: a 200 body or a problem.
  readonly body: any;
}

/** `GET /health/ready`, timed, as a load balancer or monitor asks it. */
async function readiness(apiUrl: string): Promise<Readiness> {
  const startedAt = Date.now();
  const res = await fetch(`${apiUrl}/health/ready`, { signal: AbortSignal.timeout(40_000) });
  return {
    status: res.status,
    ms: Date.now() - startedAt,
    retryAfter: res.headers.get('retry-after'),
    contentType: res.headers.get('content-type') ?? '',
    body: await res.json(),
  };
}

/** Asks readiness until `accept` takes its answer (or `ms` passes), and returns that answer. */
async function readinessUntil(
  apiUrl: string,
  accept: (r: Readiness) => boolean,
  ms: number,
): Promise<Readiness> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await readiness(apiUrl);
    if (accept(answer)) return answer;
    if (Date.now() > deadline)
      throw new Error(`readiness stayed ${answer.status} ${JSON.stringify(answer.body)}`);
    await sleep(100);
  }
}

const READY = { status: 'ready', checks: { dynamodb: 'ok', s3: 'ok' } };

/** The 503 NOT_READY of readiness: problem+json, Retry-After, a zh-CN title and detail naming the store. */
function expectNotReady(answer: Readiness, store: 'DynamoDB' | 'S3', healthy: 'DynamoDB' | 'S3') {
  expect(answer.status).toBe(503);
  expect(answer.contentType).toContain('application/problem+json');
  expect(answer.retryAfter).toMatch(/^\d+$/);
  expect(answer.body).toMatchObject({ status: 503, code: 'NOT_READY' });
  expect(answer.body.title).toContain(store);
  expect(answer.body.title).not.toContain(healthy);
  expect(answer.body.detail).toContain(store);
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
}

/**
 * Issue 18, item 11: DynamoDB Local killed with SIGKILL while the public files complaints through the local
 * runtime's HTTP API, on disk as `npm start` keeps it. Each write is either acknowledged (201 with its tracking
 * code) or refused at once with 503 STORE_UNAVAILABLE and Retry-After; none hangs; the runtime restarts the store;
 * afterwards every acknowledged complaint is there and new ones are accepted.
 */
describe('DynamoDB Local killed mid-traffic (kill -9)', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ persistent: true });
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    expect(station.status).toBe(201);
    stationId = station.body.id;
  });
  afterAll(() => runtime?.dispose());

  /** One complaint filed over HTTP, timed; a request that does not finish within 40 s counts as a hang (-1). */
  async function fileComplaint(n: number): Promise<Outcome> {
    const startedAt = Date.now();
    try {
      const res = await fetch(`${runtime.apiUrl}/public/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ stationId, content: `第 ${n} 条投诉：活动室长期不开放` }),
        signal: AbortSignal.timeout(40_000),
      });
      const body = (await res.json()) as { code?: string; trackingCode?: string };
      return {
        status: res.status,
        ms: Date.now() - startedAt,
        startedAt,
        retryAfter: res.headers.get('retry-after'),
        contentType: res.headers.get('content-type') ?? '',
        ...(body.code ? { code: body.code } : {}),
        ...(body.trackingCode ? { trackingCode: body.trackingCode } : {}),
      };
    } catch {
      return { status: -1, ms: Date.now() - startedAt, startedAt };
    }
  }

  it('refuses writes fast with 503 and Retry-After while it is down, restarts it, and loses no acknowledged write', async () => {
    const outcomes: Outcome[] = [];
    let stop = false;
    let n = 0;
    const acknowledged = () => outcomes.filter((o) => o.status === 201).length;
    const writer = async () => {
      while (!stop) {
        const outcome = await fileComplaint(++n);
        outcomes.push(outcome);
        // A refused caller waits a little, as a client would (not the whole Retry-After: the test wants traffic).
        if (outcome.status !== 201) await new Promise((r) => setTimeout(r, 100));
      }
    };
    const writers = [writer(), writer(), writer(), writer()];

    await until(() => acknowledged() >= 20, 60_000);
    expect(await readiness(runtime.apiUrl)).toMatchObject({ status: 200, body: READY });
    const pidBefore = runtime.dynamo.pid() as number;
    const killedAt = Date.now();
    process.kill(pidBefore, 'SIGKILL');
    // Readiness says so while it is down (liveness does not: the process lives), naming DynamoDB, not S3.
    const notReady = await readinessUntil(runtime.apiUrl, (r) => r.status !== 200, 20_000);
    expectNotReady(notReady, 'DynamoDB', 'S3');
    expect(notReady.ms).toBeLessThan(NO_HANG_MS);
    expect((await api('GET', '/health')).status).toBe(200);
    // A ceiling, not a goal: the JVM starts in seconds, in minutes on a machine busy with other work.
    await until(() => runtime.dynamo.restarts() >= 1, 300_000, 'DynamoDB Local restarted');
    await runtime.dynamo.ready();
    const backAt = Date.now();
    expect((await readinessUntil(runtime.apiUrl, (r) => r.status === 200, 30_000)).body).toEqual(READY);
    const ackedBeforeBack = acknowledged();
    await until(() => acknowledged() >= ackedBeforeBack + 20, 120_000);
    stop = true;
    await Promise.all(writers);

    // The store was restarted by the runtime, as a new process.
    expect(runtime.dynamo.restarts()).toBe(1);
    expect(runtime.dynamo.pid()).not.toBe(pidBefore);

    // Every write was acknowledged or refused with 503, never a 500, and none hung.
    const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
    expect(
      statuses.every((s) => s === 201 || s === 503),
      `statuses ${statuses}`,
    ).toBe(true);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      expect(o.code).toBe('STORE_UNAVAILABLE');
      expect(o.retryAfter).toMatch(/^\d+$/);
      expect(o.contentType).toContain('application/problem+json');
    }
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    expect(slowest).toBeLessThan(DYNAMO_GIVE_UP_MS);

    // No acknowledged write is lost: each tracking code answers after the restart. One exception, DynamoDB Local's
    // own: it answers a TransactWriteItems once the transaction's writes are made and hands its COMMIT to its SQLite
    // queue without waiting for it (SQLiteDBAccess.commitTransaction queues the job and returns), so a kill in the
    // few milliseconds before that job runs loses a transaction it has acknowledged. Every write is a transaction
    // here (the record with its audit). Only a write answered just before the kill, or after it, can be caught so,
    // at most one per writer; any other write that is missing fails the test. DynamoDB itself acknowledges a
    // transaction once it is durable.
    const acked = outcomes.filter((o) => o.status === 201 && o.trackingCode);
    const codes = acked.map((o) => o.trackingCode as string);
    expect(codes.length).toBe(acknowledged());
    const lost: string[] = [];
    const inTheCommitWindow: string[] = [];
    for (const o of acked) {
      const tracked = await api('GET', `/public/complaints/${o.trackingCode}`);
      if (tracked.status === 200) continue;
      const answeredAt = o.startedAt + o.ms;
      const named = `${o.trackingCode}: ${tracked.status} (started ${o.startedAt - killedAt} ms after the kill, answered 201 ${answeredAt - killedAt} ms after it; restart answered ${backAt - killedAt} ms after the kill)`;
      if (answeredAt >= killedAt - COMMIT_WINDOW_MS && answeredAt <= backAt) inTheCommitWindow.push(named);
      else lost.push(named);
    }
    expect(lost).toEqual([]);
    expect(inTheCommitWindow.length, inTheCommitWindow.join('; ')).toBeLessThanOrEqual(4);
    if (inTheCommitWindow.length > 0)
      console.log(
        `DynamoDB Local kill -9: acknowledged, not yet committed by it when killed: ${inTheCommitWindow.join('; ')}`,
      );

    // Once it is back, writes are accepted again.
    const afterBack = outcomes.filter((o) => o.startedAt >= backAt);
    expect(afterBack.filter((o) => o.status === 201).length).toBeGreaterThanOrEqual(20);
    expect(afterBack.slice(-10).every((o) => o.status === 201)).toBe(true);

    const refusedMs = refused.map((o) => o.ms).sort((a, b) => a - b);
    console.log(
      `DynamoDB Local kill -9: ${outcomes.length} writes, ${codes.length} acknowledged (${codes.length - inTheCommitWindow.length} readable after the restart, ${inTheCommitWindow.length} in DynamoDB Local's commit window), ${refused.length} × 503 STORE_UNAVAILABLE (median ${refusedMs[Math.floor(refusedMs.length / 2)]} ms, slowest ${refusedMs.at(-1)} ms), 0 × 500, slowest request ${slowest} ms; readiness 503 NOT_READY naming DynamoDB (answered in ${notReady.ms} ms); restarted and serving ${((backAt - killedAt) / 1000).toFixed(1)} s after the kill`,
    );
  }, 600_000);
});

/**
 * Issue 18, item 11: s3rver, which runs inside the runtime's process, stops while operators get voucher upload
 * URLs (presign), upload vouchers to S3, record ledger entries (the API checks the voucher is in S3) and auditors
 * read them. Its server closes and drops every connection; its port is then held by something that accepts
 * connections and never answers (a hung S3) for a few seconds, then released (refused until the runtime restarts
 * it). No API request hangs; a ledger entry whose voucher cannot be checked is 503 STORE_UNAVAILABLE; readiness
 * is 503 naming S3; the runtime restarts s3rver; every acknowledged upload and entry is there afterwards.
 */
describe('S3 (s3rver) stopped mid-traffic', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let contractId: string;
  let voucher: Uint8Array;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-S3-2026') },
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    contractId = contract.body.id;
    const active = await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(active.status).toBe(200);
    voucher = await makePdf(['工资发放表 2026年2月', '张三 5000 元']);
  });
  afterAll(() => runtime?.dispose());

  interface Call {
    readonly what: 'presign' | 'ledger' | 'read';
    readonly status: number;
    readonly ms: number;
    readonly startedAt: number;
    // biome-ignore lint/suspicious/noExplicitAny: response bodies of several routes.
    readonly body?: any;
    readonly retryAfter?: string | null;
    readonly contentType?: string;
  }

  /** One API request, timed; one that does not finish within 40 s counts as a hang (-1). */
  async function call(
    what: Call['what'],
    method: string,
    path: string,
    as: string,
    body?: unknown,
  ): Promise<Call> {
    const startedAt = Date.now();
    try {
      const res = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await tokenOf(as)}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(40_000),
      });
      return {
        what,
        status: res.status,
        ms: Date.now() - startedAt,
        startedAt,
        body: await res.json(),
        retryAfter: res.headers.get('retry-after'),
        contentType: res.headers.get('content-type') ?? '',
      };
    } catch {
      return { what, status: -1, ms: Date.now() - startedAt, startedAt };
    }
  }
  const tokens = new Map<string, string>();
  async function tokenOf(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await fetch(`${runtime.apiUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    const token = ((await res.json()) as { token: string }).token;
    tokens.set(username, token);
    return token;
  }

  it('answers fast with 503 while S3 is down or silent, says so in readiness, restarts it and loses no acknowledged upload or entry', async () => {
    const calls: Call[] = [];
    /** Voucher keys S3 acknowledged (200 to the presigned PUT). */
    const uploaded: string[] = [];
    /** Ledger entries the API acknowledged (201), with their voucher keys. */
    const entries: { id: string; voucherKey: string }[] = [];
    let s3Failures = 0;
    let stop = false;
    let n = 0;

    /** Uploaded vouchers not yet recorded in the ledger (a refused entry goes back, to be tried again). */
    const pool: string[] = [];
    // Operators upload vouchers: a presigned URL from the API, then a PUT straight to S3 (as the browser does).
    const uploader = async () => {
      while (!stop) {
        const ticket = await call('presign', 'POST', `/contracts/${contractId}/ledger/voucher-url`, 'op.a', {
          contentType: 'application/pdf',
          bytes: voucher.byteLength,
        });
        calls.push(ticket);
        if (ticket.status !== 201) {
          await sleep(100);
          continue;
        }
        // Refused, reset or unanswered while S3 is down: the browser gives up after 3 s.
        const put = await fetch(ticket.body.url, {
          method: 'PUT',
          headers: ticket.body.headers,
          body: voucher,
          signal: AbortSignal.timeout(3_000),
        }).then(
          (r) => r.status,
          () => -1,
        );
        if (put === 200) {
          uploaded.push(ticket.body.key);
          pool.push(ticket.body.key);
        } else {
          s3Failures += 1;
          await sleep(100);
        }
      }
    };
    // They record an entry for each uploaded voucher; the API checks the voucher is in S3 (a presigned HEAD).
    const recorder = async () => {
      while (!stop) {
        // A few vouchers always wait, so that entries are being recorded whenever S3 goes away.
        const voucherKey = pool.length > 2 ? pool.shift() : undefined;
        if (!voucherKey) {
          await sleep(50);
          continue;
        }
        const i = ++n;
        const entry = await call('ledger', 'POST', `/contracts/${contractId}/ledger`, 'op.a', {
          spentOn: '2026-02-01',
          amountFen: 100,
          category: 'labour',
          description: `第 ${i} 笔：活动物料`,
          voucherKey,
        });
        calls.push(entry);
        if (entry.status === 201) entries.push({ id: entry.body.id, voucherKey });
        else {
          pool.push(voucherKey);
          await sleep(100);
        }
      }
    };
    // Auditors open the vouchers of recorded entries (a presigned GET from the API, then a download from S3).
    const reader = async () => {
      while (!stop) {
        const known = entries[++n % Math.max(entries.length, 1)];
        if (known) {
          calls.push(
            await call('read', 'GET', `/contracts/${contractId}/ledger/${known.id}/voucher`, 'audit.lixia'),
          );
        }
        await sleep(100);
      }
    };
    const workers = [uploader(), uploader(), recorder(), recorder(), reader()];

    await until(
      () => entries.length >= 8 && pool.length >= 4,
      90_000,
      '8 ledger entries and 4 vouchers waiting',
    );
    expect(await readiness(runtime.apiUrl)).toMatchObject({ status: 200, body: READY });

    // s3rver dies: its server closes and every connection drops. Its port is then taken by a process that
    // accepts connections and never answers (a hung S3), so the runtime's restarts fail until it is released.
    const port = Number(new URL(runtime.s3Url).port);
    const killedAt = Date.now();
    await runtime.s3.kill();
    const hung = new Set<Socket>();
    const silent = createServer((socket) => {
      hung.add(socket);
    });
    await new Promise<void>((ok, fail) => {
      silent.once('error', fail);
      silent.listen(port, '127.0.0.1', () => ok());
    });
    const entriesBefore = entries.length;
    const silentReadiness = await readinessUntil(runtime.apiUrl, (r) => r.status !== 200, 20_000);
    expectNotReady(silentReadiness, 'S3', 'DynamoDB');
    expect(silentReadiness.ms).toBeLessThan(NO_HANG_MS);
    expect((await api('GET', '/health')).status).toBe(200);
    // Held until an entry has been refused for its voucher, or 12 s (the runtime's fifth restart comes at 15 s).
    await until(
      () => calls.some((c) => c.what === 'ledger' && c.status === 503),
      12_000,
      'a ledger 503',
    ).catch(() => undefined);
    // Released: nothing listens until the runtime's next restart attempt (refused connections meanwhile).
    for (const socket of hung) socket.destroy();
    await new Promise<void>((ok) => silent.close(() => ok()));
    const releasedAt = Date.now();
    await until(() => runtime.s3.restarts() >= 1, 30_000, 's3rver restarted');
    await runtime.s3.ready();
    const backAt = Date.now();
    const back = await readinessUntil(runtime.apiUrl, (r) => r.status === 200, 20_000);
    expect(back.body).toEqual(READY);
    const entriesAtBack = entries.length;
    await until(() => entries.length >= entriesAtBack + 8, 90_000, '8 entries after the restart');
    stop = true;
    await Promise.all(workers);

    expect(runtime.s3.restarts()).toBe(1);
    expect(s3Failures).toBeGreaterThan(0);

    // Every API answer was a success or a 503 STORE_UNAVAILABLE with Retry-After: no 500, no hang.
    const statuses = [...new Set(calls.map((c) => c.status))].sort();
    expect(
      statuses.every((s) => s === 200 || s === 201 || s === 503),
      `statuses ${statuses}`,
    ).toBe(true);
    const refused = calls.filter((c) => c.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const c of refused) {
      expect(c.what).toBe('ledger');
      expect(c.body.code).toBe('STORE_UNAVAILABLE');
      expect(c.retryAfter).toMatch(/^\d+$/);
      expect(c.contentType).toContain('application/problem+json');
    }
    // Presigning and reading links need no answer from S3: never refused.
    expect(calls.filter((c) => c.what !== 'ledger').every((c) => c.status === 200 || c.status === 201)).toBe(
      true,
    );
    const slowest = Math.max(...calls.map((c) => c.ms));
    expect(slowest).toBeLessThan(NO_HANG_MS);

    // Nothing acknowledged is lost: every uploaded voucher is in S3 with its bytes, every entry in the ledger
    // with a link that downloads its voucher.
    const lost: string[] = [];
    for (const key of uploaded) {
      const url = await presignedUrl({ bucket: 'reports', key, method: 'GET', expiresIn: 60 });
      const res = await fetch(url);
      if (res.status !== 200 || sha256(new Uint8Array(await res.arrayBuffer())) !== sha256(voucher))
        lost.push(`${key}: ${res.status}`);
    }
    expect(lost).toEqual([]);
    const ledger = await api('GET', `/contracts/${contractId}/ledger`, { as: 'audit.lixia' });
    const listed = new Set(ledger.body.entries.map((e: { id: string }) => e.id));
    expect(entries.filter((e) => !listed.has(e.id))).toEqual([]);
    for (const entry of entries.slice(entriesBefore - 2, entriesBefore + 2)) {
      const link = await api('GET', `/contracts/${contractId}/ledger/${entry.id}/voucher`, {
        as: 'audit.lixia',
      });
      expect(sha256(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer()))).toBe(sha256(voucher));
    }
    // Serving again: the last entries were all accepted.
    const ledgerCalls = calls.filter((c) => c.what === 'ledger' && c.startedAt >= backAt);
    expect(ledgerCalls.slice(-6).every((c) => c.status === 201)).toBe(true);

    const refusedMs = refused.map((c) => c.ms).sort((a, b) => a - b);
    console.log(
      `s3rver stopped: ${calls.length} API requests (${calls.filter((c) => c.what === 'presign').length} presign, ${calls.filter((c) => c.what === 'ledger').length} ledger entries, ${calls.filter((c) => c.what === 'read').length} voucher links), ${uploaded.length} uploads and ${entries.length} entries acknowledged (all there after the restart), ${s3Failures} uploads failed at S3, ${refused.length} × 503 STORE_UNAVAILABLE (median ${refusedMs[Math.floor(refusedMs.length / 2)]} ms, slowest ${refusedMs.at(-1)} ms), 0 × 500, slowest request ${slowest} ms; readiness 503 naming S3 in ${silentReadiness.ms} ms while it hung; port released ${((releasedAt - killedAt) / 1000).toFixed(1)} s after the stop, serving again ${((backAt - killedAt) / 1000).toFixed(1)} s after it`,
    );
  }, 300_000);
});
