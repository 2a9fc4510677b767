import fc from 'fast-check';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { type RouteDefinition, type RouteId, routes } from '#shared/manifest';
import {
  asStrings,
  brokenInput,
  createScopeRecords,
  encodeQuery,
  fillPath,
  HOSTILE,
  hostileInput,
  httpClient,
  isGatewayReply,
  problemFaults,
  type Reply,
  receivedInput,
  SCOPE_A,
  SchemaArbitraries,
  type SendOptions,
  shapeOf,
  stateFingerprint,
  Tally,
  userFor,
} from '#test/helpers/arbitraries';
import { makePdf } from '#test/helpers/documents';
import { startTestRuntime } from '#test/helpers/runtime';

/**
 * `npx tsx scripts/fuzz.ts --runs=N [--seed=S] [--only=substring] [--concurrency=C]`: the bad-input run of
 * test/e2e/bad-input.test.ts, larger, against the local runtime (in-memory DynamoDB, s3rver), with figures instead
 * of the first failure: inputs tried, routes covered, replies by status and by problem code, per phase, and every
 * violation (5xx, a refusal that is not a proper problem, schema-refused input not answered 400 VALIDATION_FAILED, a
 * write with a stale version or unknown target accepted, a change to the stored state while refusing), grouped with
 * one example each. Exit code 1 when there is a violation.
 *
 * Phases: (A) input each route's schemas refuse; (R) bodies that are not JSON or not declared as JSON, and oversized
 * bodies; (B) well-formed hostile input against real records, writes refused by a stale version or unknown ids;
 * (C) crafted page cursors.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(arg('runs') ?? 100);
const SEED = Number(arg('seed') ?? Date.now() % 2 ** 31);
const ONLY = arg('only');
const CONCURRENCY = Number(arg('concurrency') ?? 4);
const JSON_TYPE = { 'content-type': 'application/json' };

const entries = (Object.entries(routes) as [RouteId, RouteDefinition][]).filter(
  ([id, r]) => !ONLY || id.includes(ONLY) || r.path.includes(ONLY),
);
const fullMarks = Object.fromEntries(
  DEFAULT_TEMPLATE_PARTS.flatMap((p) =>
    p.indicators.map((i) => [`${p.key}.${i.key}`, i.maxHundredths / 100]),
  ),
);

interface Violation {
  readonly kind: string;
  readonly route: string;
  readonly example: string;
}
const violations: Violation[] = [];
const tallies = new Map<string, Tally>();
const overall = new Tally();

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`fuzz: ${RUNS} runs per route and phase, seed ${SEED}, ${entries.length} routes`);
  const runtime = await startTestRuntime();
  try {
    const api = httpClient(runtime.apiUrl, runtime.identity);
    const records = await createScopeRecords(
      { api, drain: () => runtime.s3.drain(), makePdf, fullMarks },
      SCOPE_A,
    );
    await runtime.s3.drain();
    const before = await stateFingerprint();
    console.log(
      `fixtures ready (${before.items} items) after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const send = async (phase: string, id: string, method: string, url: string, options: SendOptions) => {
      let reply: Reply;
      try {
        reply = await api(method, url, options);
      } catch (error) {
        violations.push({ kind: 'no reply', route: id, example: `${method} ${url.slice(0, 200)}: ${error}` });
        return undefined;
      }
      const tally = tallies.get(phase) ?? new Tally();
      tallies.set(phase, tally);
      tally.record(id, reply);
      overall.record(id, reply);
      const example = `${method} ${url.slice(0, 240)} ${String(options.raw ?? '').slice(0, 240)} → ${reply.status} ${reply.text.slice(0, 240)}`;
      if (reply.status >= 500) violations.push({ kind: `${phase}: 5xx`, route: id, example });
      else if (reply.status >= 400 && !isGatewayReply(reply) && problemFaults(reply).length > 0)
        violations.push({
          kind: `${phase}: not a proper problem (${problemFaults(reply)[0]})`,
          route: id,
          example,
        });
      return { reply, example };
    };
    const gen = new SchemaArbitraries({ hostility: 0.5 });
    const urlGen = new SchemaArbitraries({ hostility: 0.5, inUrl: true });

    // A: input the schemas refuse.
    await pool(entries, async ([id, route]) => {
      const as = userFor(route);
      const arbitrary = brokenInput(route, gen, urlGen);
      if (!arbitrary) {
        for (const q of fc.sample(fc.dictionary(fc.constantFrom(...HOSTILE), fc.constantFrom(...HOSTILE)), {
          numRuns: Math.ceil(RUNS / 5),
          seed: SEED,
        })) {
          const out = await send('A', id, route.method, `${route.path}${encodeQuery(q)}`, as ? { as } : {});
          if (out && out.reply.status !== route.response.status)
            violations.push({
              kind: 'A: query of a route without schema not ignored',
              route: id,
              example: out.example,
            });
        }
        return;
      }
      for (const input of fc.sample(arbitrary, { numRuns: RUNS, seed: SEED })) {
        const r = receivedInput(route, input);
        const raw = route.request?.body ? (JSON.stringify(input.body) ?? '') : undefined;
        const out = await send('A', id, route.method, r.url, {
          ...(as ? { as } : {}),
          ...(raw !== undefined ? { raw, headers: JSON_TYPE } : {}),
        });
        if (out && (out.reply.status !== 400 || out.reply.body?.code !== 'VALIDATION_FAILED'))
          violations.push({
            kind: 'A: refused input not 400 VALIDATION_FAILED',
            route: id,
            example: out.example,
          });
      }
    });

    // R: bodies that are not JSON, or not declared as JSON.
    const notJson = fc.oneof(
      fc.string().filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      }),
      fc.constantFrom(
        '{',
        '{"version":1,}',
        "{'a':1}",
        '{"a":NaN}',
        '\ufeff{}',
        '{"a":1}{"b":2}',
        '["\\ud800',
      ),
    );
    const rawCase = fc.oneof(
      notJson.map((raw) => ({
        raw: raw as string | undefined,
        type: 'application/json',
        code: 'MALFORMED_JSON',
      })),
      fc.constant({ raw: undefined, type: 'application/json', code: 'MALFORMED_JSON' }),
      fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'APPLICATION/JSON',
          '',
        )
        .map((type) => ({ raw: '{}' as string | undefined, type, code: 'UNSUPPORTED_MEDIA_TYPE' })),
    );
    await pool(
      entries.filter(([, r]) => r.request?.body),
      async ([id, route]) => {
        const as = userFor(route);
        const params = route.request?.params
          ? (fc.sample(urlGen.valid(route.request.params).map(asStrings), {
              numRuns: 1,
              seed: SEED,
            })[0] as Record<string, string>)
          : {};
        const url = fillPath(route.path, params);
        for (const c of fc.sample(rawCase, { numRuns: Math.ceil(RUNS / 4), seed: SEED })) {
          const out = await send('R', id, route.method, url, {
            ...(as ? { as } : {}),
            ...(c.raw !== undefined ? { raw: c.raw } : {}),
            headers: c.type ? { 'content-type': c.type } : {},
          });
          if (out && out.reply.body?.code !== c.code)
            violations.push({ kind: `R: expected ${c.code}`, route: id, example: out.example });
        }
      },
    );
    const station = routes.createStation;
    const huge = await send('R', 'createStation', 'POST', station.path, {
      as: userFor(station) as string,
      raw: `{"address":"${'x'.repeat(10 * 1024 * 1024)}"}`,
      headers: JSON_TYPE,
    });
    if (huge && huge.reply.status !== 413)
      violations.push({ kind: 'R: over 10 MB not 413', route: 'createStation', example: huge.example });

    // B: well-formed hostile input; every write refused.
    const hostileGen = new SchemaArbitraries({ hostility: 0.6 });
    const hostileUrlGen = new SchemaArbitraries({ hostility: 0.6, inUrl: true });
    await pool(entries, async ([id, route]) => {
      const as = userFor(route);
      for (const input of fc.sample(hostileInput(route, records, hostileGen, hostileUrlGen), {
        numRuns: RUNS,
        seed: SEED,
      })) {
        const r = receivedInput(route, input);
        const out = await send('B', id, route.method, r.url, {
          ...(as ? { as } : {}),
          ...(route.request?.body ? { raw: JSON.stringify(input.body) ?? '', headers: JSON_TYPE } : {}),
        });
        if (out && route.method !== 'GET' && out.reply.status < 400)
          violations.push({
            kind: 'B: write with a stale version or unknown target accepted',
            route: id,
            example: out.example,
          });
      }
    });

    // C: crafted page cursors (base64url JSON of {partition, key}), by every user of the scope the list allows.
    const cursor = fc
      .record({
        partition: fc.constantFrom(
          SCOPE_A.district,
          '370103',
          'CITY',
          `ORG#${SCOPE_A.operatorOrg}`,
          `DISTRICT#${SCOPE_A.district}`,
          `SCOPE#${SCOPE_A.district}`,
          'SCOPE#CITY',
          `district_civil_affairs:${SCOPE_A.district}`,
          `street_office:${SCOPE_A.street}`,
          `operator:${SCOPE_A.operatorOrg}`,
        ),
        key: fc.oneof(
          fc.constantFrom<unknown>(
            {},
            { pk: 'x' },
            { pk: 1 },
            { pk: 'STATION#x', sk: 'x', gsi1pk: '370103' },
            { $gt: '' },
            [],
          ),
          fc.dictionary(
            fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi3pk'),
            fc.constantFrom(...HOSTILE),
          ),
        ),
      })
      .map((state) => Buffer.from(JSON.stringify(state)).toString('base64url'));
    await pool(
      entries.filter(([, r]) => r.request?.query && shapeOf(r.request.query)?.cursor),
      async ([id, route]) => {
        const users = Object.entries(SCOPE_A.users).filter(([role]) =>
          (route.access as readonly string[]).includes(role),
        );
        for (const [, as] of users) {
          for (const c of fc.sample(cursor, { numRuns: Math.max(5, Math.ceil(RUNS / 4)), seed: SEED })) {
            await send('C', id, 'GET', `${route.path}?cursor=${c}`, { as: as as string });
          }
        }
      },
    );

    const after = await stateFingerprint();
    if (after.hash !== before.hash)
      violations.push({
        kind: 'state changed while refusing',
        route: '*',
        example: `${before.items} items before, ${after.items} after`,
      });

    console.log(
      `\ninputs tried: ${overall.tried}; routes covered: ${overall.routes.size} of ${Object.keys(routes).length}`,
    );
    console.log(`overall: ${overall.summary()}`);
    for (const [phase, tally] of [...tallies.entries()].sort())
      console.log(`phase ${phase}: ${tally.summary()}`);
    const grouped = new Map<string, { count: number; routes: Set<string>; example: string }>();
    for (const v of violations) {
      const g = grouped.get(v.kind) ?? { count: 0, routes: new Set<string>(), example: v.example };
      g.count += 1;
      g.routes.add(v.route);
      grouped.set(v.kind, g);
    }
    console.log(`\nviolations: ${violations.length}`);
    for (const [kind, g] of grouped) {
      console.log(
        `- ${kind}: ${g.count} on ${g.routes.size} routes (${[...g.routes].slice(0, 12).join(', ')})`,
      );
      console.log(`    e.g. ${g.example}`);
    }
    console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await runtime.dispose();
  }
  process.exitCode = violations.length > 0 ? 1 : 0;
}

await main();
