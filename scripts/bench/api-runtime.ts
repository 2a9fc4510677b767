import { mkdtempSync, rmSync } from 'node:fs';
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
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      const out = await next(args);
      recording?.push({
        command: context.commandName ?? '?',
        input: structuredClone(args.input),
        start,
        end: performance.now(),
      });
      return out;
    },
    { step: 'build', name: 'benchRecorder' },
  );
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
    recorded.push({ ...e, status: res.status, startedAt, calls: recording });
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
