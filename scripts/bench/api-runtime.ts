import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#infra/local/ports';
import { startLocalRuntime } from '#infra/local/runtime';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { actor, principal } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';

/**
 * The local runtime for the API benchmark (scripts/bench/api.ts), in its own process so that the load generator
 * does not share its event loop: `npm start`'s runtime (infra/local/runtime.ts) with in-memory DynamoDB, seeded
 * with a station in each of Jinan's 164 streets and an active contract at each station of 历下区 (with their report
 * slots), then one warm
 * request of each benchmarked endpoint is recorded — every DynamoDB call it made, with its input as sent and
 * when it started and ended — so the benchmark can issue exactly those calls directly as its baseline.
 *
 * Prints one line `BENCH_API_READY {json}` and serves until its stdin closes.
 */

interface Recorded {
  readonly command: string;
  readonly input: unknown;
  readonly start: number;
  readonly end: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sgz-bench-api-'));
const runtime = await startLocalRuntime({
  port: await freePort(),
  s3Port: await freePort(),
  dynamoPort: await freePort(),
  dataDir,
  inMemory: true,
  schedules: false,
});

const stop = async () => {
  await runtime.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);

try {
  const now = new Date();
  const stations: { id: string; district: string }[] = [];
  for (const district of await listDivisions()) {
    const official = principal('district_civil_affairs', { district: district.code });
    for (const street of district.streets) {
      const s = await createStation(actor(official, now), {
        districtCode: district.code,
        streetCode: street.code,
        address: `${street.name}社区服务中心`,
      });
      stations.push({ id: s.id, district: s.districtCode });
    }
  }
  // One active contract of org-op-a at each station of 历下区: its 24 monthly brief slots take upload URLs.
  const lixia = principal('district_civil_affairs', { district: '370102' });
  const lixiaStations = stations.filter((s) => s.district === '370102').map((s) => s.id);
  const slots: string[] = [];
  for (const [i, stationId] of lixiaStations.entries()) {
    const draft = await registerContract(
      actor(lixia, now),
      stationId,
      contractTerms(`BENCH-2026-${String(i + 1).padStart(3, '0')}`),
    );
    const contract = await changeContractStatus(actor(lixia, now), draft.id, draft.version, 'active');
    for (let m = 1; m <= 24; m++) {
      const year = m <= 12 ? 2026 : 2027;
      slots.push(`${contract.id}-M${year}${String(((m - 1) % 12) + 1).padStart(2, '0')}`);
    }
  }

  const token = async (username: string) => {
    const res = await fetch(`${runtime.apiUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const [city, district, operator] = await Promise.all([token('city.mz'), token('lixia.mz'), token('op.a')]);
  const firstPage = await fetch(`${runtime.apiUrl}/stations?limit=20`, {
    headers: { authorization: `Bearer ${city}` },
  });
  const cursor = ((await firstPage.json()) as { nextCursor?: string }).nextCursor;
  if (!cursor) throw new Error('GET /stations gave no second page');

  /** `{id}` in the path takes each of `ids` in turn; the request recorded uses the first. */
  const endpoints: {
    name: string;
    method: string;
    path: string;
    ids: string[];
    headers: Record<string, string>;
    body?: string;
  }[] = [
    {
      name: 'GET /stations/{id}',
      method: 'GET',
      path: '/stations/{id}',
      ids: lixiaStations,
      headers: { authorization: `Bearer ${district}` },
    },
    {
      name: 'GET /stations (page 2 of 20)',
      method: 'GET',
      path: `/stations?limit=20&cursor=${encodeURIComponent(cursor)}`,
      ids: [],
      headers: { authorization: `Bearer ${city}` },
    },
    {
      name: 'POST /reports/{id}/upload-url',
      method: 'POST',
      path: '/reports/{id}/upload-url',
      ids: slots,
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contentType: 'application/pdf', bytes: 1048576, fileName: '12月简报.pdf' }),
    },
  ];

  // Record what each endpoint asks of DynamoDB, on a warm request (the second), as the SDK sends it.
  let recording: Recorded[] | undefined;
  let profiles = 0;
  documentClient().use(async (call, next) => {
    const start = performance.now();
    const out = await next(call);
    recording?.push({
      command: `${call.operation}Command`,
      input: structuredClone(call.input),
      start,
      end: performance.now(),
    });
    return out;
  });
  /**
   * Where a request's time goes, one request at a time (no queueing): its whole time as the client sees it, and
   * the time its DynamoDB calls took (their intervals merged), over 100 warm requests; and a CPU profile of this
   * process over them, by package or folder.
   */
  const anatomy = async (send: () => Promise<Response>) => {
    const totals: number[] = [];
    const dynamo: number[] = [];
    const session = new Session();
    session.connect();
    const post = (method: string, params?: object) =>
      new Promise<unknown>((ok, fail) =>
        session.post(method, params ?? {}, (err, res) => (err ? fail(err) : ok(res))),
      );
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
    for (let i = 0; i < 100; i++) {
      recording = [];
      const t0 = performance.now();
      await (await send()).arrayBuffer();
      totals.push(performance.now() - t0);
      let busy = 0;
      let until = Number.NEGATIVE_INFINITY;
      for (const c of [...recording].sort((a, b) => a.start - b.start)) {
        busy += Math.max(0, c.end - Math.max(c.start, until));
        until = Math.max(until, c.end);
      }
      dynamo.push(busy);
    }
    const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
    session.disconnect();
    // SGZ_BENCH_PROFILE_DIR=<dir> keeps each endpoint's CPU profile (open it in Chrome's DevTools).
    const keep = process.env.SGZ_BENCH_PROFILE_DIR;
    if (keep) writeFileSync(join(keep, `api-${++profiles}.cpuprofile`), JSON.stringify(profile));
    recording = undefined;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
    return { requestMs: median(totals), dynamoMs: median(dynamo), cpu: cpuBuckets(profile) };
  };

  const recorded = [];
  for (const e of endpoints) {
    const path = e.path.replace('{id}', e.ids[0] ?? '');
    const send = () =>
      fetch(`${runtime.apiUrl}${path}`, {
        method: e.method,
        headers: e.headers,
        ...(e.body ? { body: e.body } : {}),
      });
    await (await send()).arrayBuffer();
    recording = [];
    const startedAt = Date.now();
    const res = await send();
    const body = await res.text();
    if (res.status >= 300) throw new Error(`${e.name}: ${res.status} ${body.slice(0, 300)}`);
    recorded.push({ ...e, status: res.status, startedAt, calls: recording, ...(await anatomy(send)) });
    recording = undefined;
  }
  process.stdout.write(
    `BENCH_API_READY ${JSON.stringify({
      apiUrl: runtime.apiUrl,
      dynamoUrl: runtime.dynamoUrl,
      stations: stations.length,
      endpoints: recorded,
    })}\n`,
  );
} catch (error) {
  process.stderr.write(
    `api-runtime: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await runtime.stop().catch(() => undefined);
  process.exit(1);
}

interface CpuProfile {
  readonly nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Self time of a CPU profile by where the code lives: a package, a folder of the repository, or Node itself. */
function cpuBuckets(profile: CpuProfile): Record<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const SPECIAL: Record<string, string> = {
    '(garbage collector)': 'garbage collection',
    '(idle)': 'idle',
    '(program)': 'V8 and Node native work',
  };
  /** A built-in (JSON, RegExp, Array …) has no URL: its time goes to the code that called it. */
  const frameOf = (id: number) => {
    let at: number | undefined = id;
    while (at !== undefined) {
      const frame = byId.get(at);
      if (!frame || frame.url || SPECIAL[frame.functionName]) return frame;
      at = parent.get(at);
    }
    return undefined;
  };
  const bucket = (url: string, fn: string): string => {
    if (!url) return SPECIAL[fn] ?? 'other';
    // The profiler's own stop (`session.post('Profiler.stop')` serialising the profile) falls inside the window.
    if (url === 'node:inspector') return 'idle';
    if (url.includes('deps/undici')) return 'the load-generating fetch (client side)';
    if (/node:(_http|http|net|internal\/http|internal\/stream|internal\/streams|stream)/.test(url))
      return 'Node HTTP and streams';
    const nm = url.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = url.slice(nm + 'node_modules/'.length).split('/');
      const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
      return pkg.startsWith('@smithy/') || pkg.startsWith('@aws-sdk/') ? 'AWS SDK (@aws-sdk, @smithy)' : pkg;
    }
    const repo = url.indexOf('/infra/local/') >= 0 ? 'infra/local (the API Gateway stand-in)' : undefined;
    if (repo) return repo;
    const shared = /\/shared\/([^/]+)\//.exec(url);
    if (shared) return `shared/${shared[1]}`;
    if (url.includes('/functions/')) return 'functions (handlers)';
    if (url.startsWith('node:')) return 'Node internals';
    return 'other';
  };
  const out: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const frame = frameOf(id);
    const key = frame ? bucket(frame.url, frame.functionName) : 'other';
    out[key] = (out[key] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return out;
}
