import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const until = async (what: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!what()) {
        if (Date.now() > deadline) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const writers = [writer(), writer(), writer(), writer()];

    await until(() => acknowledged() >= 20, 60_000);
    const pidBefore = runtime.dynamo.pid() as number;
    const killedAt = Date.now();
    process.kill(pidBefore, 'SIGKILL');
    await until(() => runtime.dynamo.restarts() >= 1, 120_000);
    await runtime.dynamo.ready();
    const backAt = Date.now();
    const ackedBeforeBack = acknowledged();
    await until(() => acknowledged() >= ackedBeforeBack + 20, 60_000);
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
    expect(slowest).toBeLessThan(NO_HANG_MS);

    // No acknowledged write is lost: each tracking code answers after the restart.
    const codes = outcomes.flatMap((o) => (o.status === 201 && o.trackingCode ? [o.trackingCode] : []));
    expect(codes.length).toBe(acknowledged());
    const missing: string[] = [];
    for (const code of codes) {
      const tracked = await api('GET', `/public/complaints/${code}`);
      if (tracked.status !== 200) missing.push(`${code}: ${tracked.status}`);
    }
    expect(missing).toEqual([]);

    // Once it is back, writes are accepted again.
    const afterBack = outcomes.filter((o) => o.startedAt >= backAt);
    expect(afterBack.filter((o) => o.status === 201).length).toBeGreaterThanOrEqual(20);
    expect(afterBack.slice(-10).every((o) => o.status === 201)).toBe(true);

    const refusedMs = refused.map((o) => o.ms).sort((a, b) => a - b);
    console.log(
      `DynamoDB Local kill -9: ${outcomes.length} writes, ${codes.length} acknowledged (all readable after the restart), ${refused.length} × 503 STORE_UNAVAILABLE (median ${refusedMs[Math.floor(refusedMs.length / 2)]} ms, slowest ${refusedMs.at(-1)} ms), 0 × 500, slowest request ${slowest} ms; restarted and serving ${((backAt - killedAt) / 1000).toFixed(1)} s after the kill`,
    );
  }, 300_000);
});
