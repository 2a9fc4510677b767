import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { type RouteDefinition, type RouteId, routes } from '#shared/manifest';
import {
  asStrings,
  brokenInput,
  type Client,
  createScopeRecords,
  encodeQuery,
  fillPath,
  HOSTILE,
  hostileInput,
  httpClient,
  isGatewayReply,
  problemFaults,
  type Reply,
  realParam,
  receivedInput,
  SCOPE_A,
  SchemaArbitraries,
  type ScopeRecords,
  STALE_VERSION,
  shapeOf,
  stateFingerprint,
  Tally,
  userFor,
} from '#test/helpers/arbitraries';
import { testIdNumber } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { startTestRuntime } from '#test/helpers/runtime';

/**
 * Bad input on every route of the manifest, through the local runtime. Generators are derived from each route's own
 * zod schemas (test/helpers/arbitraries.ts): malformed, oversized, wrongly typed, unicode-edge and injection-shaped
 * values in path parameters, query and body, invalid JSON, wrong content types and oversized bodies.
 *
 * - Never a 5xx. Every refusal the function gives is application/problem+json with a declared `code`, a zh-CN
 *   title, and a detail and field messages in zh-CN; what the gateway answers itself (413 over 10 MB, 404 for no
 *   route) is API Gateway's `{"message"}`.
 * - Input the schema refuses is 400 VALIDATION_FAILED (400 MALFORMED_JSON, 415 UNSUPPORTED_MEDIA_TYPE for bodies
 *   that are not JSON), before anything is read or written.
 * - Well-formed hostile values sent against real records with a stale version, or naming records that do not
 *   exist, are refused and change nothing. The stored state (every item of both tables) is fingerprinted before
 *   and after all refused requests.
 * - Hostile text that is accepted is stored exactly as validated and read back as sent.
 *
 * FUZZ_RUNS (default 12) sets the runs per route and kind; `npx tsx scripts/fuzz.ts --runs=N` does a larger run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** Fixed by default so that CI is repeatable; FUZZ_SEED explores others (scripts/fuzz.ts takes a random one). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const runs = (numRuns: number) => ({ numRuns, seed: SEED });

/**
 * KNOWN DEFECT (not fixed here: shared/application/reports/reports.use-case.ts `listReports`): without `to`, the due
 * date window ends on 31 December of the current year (without `from`, it starts on 1 January), and a `from` after
 * that end (or a `to` before that start) reaches DynamoDB as `BETWEEN lower AND upper` with lower > upper, which it
 * refuses (ValidationException): 500 INTERNAL instead of 400 or an empty page. Left out of the properties and
 * pinned in its own test below.
 */
const knownDefect = (id: RouteId, query: Record<string, string>): boolean => {
  if (id !== 'listReports' || query.contractId !== undefined) return false;
  const year = new Date().toISOString().slice(0, 4);
  return (
    (query.from !== undefined && query.to === undefined && query.from > `${year}-12-31`) ||
    (query.to !== undefined && query.from === undefined && query.to < `${year}-01-01`)
  );
};
type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const entries = Object.entries(routes) as [RouteId, RouteDefinition][];
const fullMarks = Object.fromEntries(
  DEFAULT_TEMPLATE_PARTS.flatMap((p) =>
    p.indicators.map((i) => [`${p.key}.${i.key}`, i.maxHundredths / 100]),
  ),
);

describe('bad input on every route of the manifest', () => {
  let runtime: Runtime;
  let api: Client;
  let records: ScopeRecords;
  let before: { items: number; hash: string };
  const tally = new Tally();
  const send = async (id: string, method: string, url: string, options: Parameters<Client>[2] = {}) => {
    const reply = await api(method, url, options);
    tally.record(id, reply);
    return reply;
  };
  /** No 5xx; an error reply is a proper problem in Chinese (or one of the gateway's own answers). */
  const wellBehaved = (reply: Reply, what: string) => {
    expect(reply.status, `${what} → ${reply.status} ${reply.text.slice(0, 300)}`).toBeLessThan(500);
    if (reply.status >= 400 && !isGatewayReply(reply)) {
      expect(problemFaults(reply), `${what} → ${reply.text.slice(0, 300)}`).toEqual([]);
      // Every word of a refusal in Chinese: its detail and each field's message.
      const texts = [
        reply.body.detail,
        ...(reply.body.errors ?? []).map((e: { message: string }) => e.message),
      ];
      for (const text of texts.filter((t) => t !== undefined))
        expect(text, `${what} → ${reply.text.slice(0, 300)}`).toMatch(CJK);
    }
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = httpClient(runtime.apiUrl, runtime.identity);
    records = await createScopeRecords({ api, drain: () => runtime.s3.drain(), makePdf, fullMarks }, SCOPE_A);
    await runtime.s3.drain();
    before = await stateFingerprint();
  });
  afterAll(async () => {
    console.log(`bad input: ${tally.summary()}`);
    await runtime?.dispose();
  });

  describe('input the schemas refuse: 400 VALIDATION_FAILED, nothing read or written', () => {
    const gen = new SchemaArbitraries({ hostility: 0.5 });
    const urlGen = new SchemaArbitraries({ hostility: 0.5, inUrl: true });
    for (const [id, route] of entries) {
      it(`${route.method} ${route.path}`, async () => {
        const arbitrary = brokenInput(route, gen, urlGen);
        const as = userFor(route);
        if (!arbitrary) {
          // No schema at all: hostile query parameters are not read (the route answers as usual).
          await fc.assert(
            fc.asyncProperty(
              fc.dictionary(fc.constantFrom(...HOSTILE), fc.constantFrom(...HOSTILE)),
              async (q) => {
                const reply = await send(
                  id,
                  route.method,
                  `${route.path}${encodeQuery(q)}`,
                  as ? { as } : {},
                );
                wellBehaved(reply, `${id} ?${JSON.stringify(q)}`);
                expect(reply.status).toBe(route.response.status);
              },
            ),
            runs(3),
          );
          return;
        }
        await fc.assert(
          fc.asyncProperty(arbitrary, async (input) => {
            const r = receivedInput(route, input);
            const reply = await send(id, route.method, r.url, {
              ...(as ? { as } : {}),
              ...(route.request?.body ? { raw: JSON.stringify(input.body) ?? '', headers: JSON_TYPE } : {}),
            });
            const what = `${id} ${r.url.slice(0, 300)} ${JSON.stringify(input.body)?.slice(0, 300)}`;
            wellBehaved(reply, what);
            expect(reply.status, what).toBe(400);
            expect(reply.body.code, what).toBe('VALIDATION_FAILED');
            expect(reply.body.errors.length, what).toBeGreaterThan(0);
          }),
          runs(RUNS),
        );
      });
    }
  });

  describe('bodies that are not JSON, or not declared as JSON', () => {
    const bodyRoutes = entries.filter(([, r]) => r.request?.body);
    const notJson = fc.oneof(
      fc.string().filter((s) => !parses(s)),
      fc.constantFrom(
        '{',
        '{"version":1,}',
        "{'version':1}",
        '{"version":NaN}',
        '{"version":01}',
        '\ufeff{}',
        '{"a":1}{"b":2}',
        '// comment\n{}',
        '{"a":"\u0000',
        '["\\ud800',
        '{"__proto__":',
        'undefined',
      ),
    );
    for (const [id, route] of bodyRoutes) {
      it(`${route.method} ${route.path}`, async () => {
        const as = userFor(route);
        const url = urlOf(route);
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              notJson.map((raw) => ({ raw, type: 'application/json', code: 'MALFORMED_JSON' })),
              fc.constant({ raw: undefined, type: 'application/json', code: 'MALFORMED_JSON' }),
              fc
                .constantFrom(
                  'text/plain',
                  'application/x-www-form-urlencoded',
                  'multipart/form-data; boundary=x',
                  'application/xml',
                  'application/jsonx',
                  'APPLICATION/JSON',
                  'json',
                  '',
                )
                .map((type) => ({ raw: '{}', type, code: 'UNSUPPORTED_MEDIA_TYPE' })),
            ),
            async ({ raw, type, code }) => {
              const reply = await send(id, route.method, url, {
                ...(as ? { as } : {}),
                ...(raw !== undefined ? { raw } : {}),
                headers: type ? { 'content-type': type } : {},
              });
              const what = `${id} ${type} ${JSON.stringify(raw)}`;
              wellBehaved(reply, what);
              expect(reply.body.code, what).toBe(code);
              expect(reply.status, what).toBe(code === 'MALFORMED_JSON' ? 400 : 415);
            },
          ),
          runs(Math.ceil(RUNS / 2)),
        );
      });
    }

    it('refuses bodies over 10 MB at the gateway (413), over 1 MB in the function (413 in zh-CN), and validates large ones (400)', async () => {
      const [id, route] = entries.find(([k]) => k === 'createStation') as [RouteId, RouteDefinition];
      const as = userFor(route);
      const huge = await send(id, 'POST', route.path, {
        ...(as ? { as } : {}),
        raw: `{"address":"${'x'.repeat(10 * 1024 * 1024)}"}`,
        headers: JSON_TYPE,
      });
      expect(huge.status).toBe(413);
      expect(isGatewayReply(huge)).toBe(true);
      for (const raw of [
        JSON.stringify({ districtCode: '370102', streetCode: '370102002', address: '长'.repeat(3_000_000) }),
        JSON.stringify({
          districtCode: '370102',
          streetCode: '370102002',
          address: 'a',
          keyTargetGroups: Array(500_000).fill('x'),
        }),
      ]) {
        const reply = await send(id, 'POST', route.path, { ...(as ? { as } : {}), raw, headers: JSON_TYPE });
        wellBehaved(reply, `${raw.length} bytes`);
        expect(reply.status).toBe(413);
        expect(problemFaults(reply)).toEqual([]);
        expect(reply.body.code).toBe('PAYLOAD_TOO_LARGE');
        expect(reply.body.detail).toMatch(/超过 1 MB 的上限/);
      }
      for (const raw of [
        JSON.stringify({ districtCode: '370102', streetCode: '370102002', address: '长'.repeat(300_000) }),
        JSON.stringify({
          districtCode: '370102',
          streetCode: '370102002',
          address: 'a',
          keyTargetGroups: Array(200_000).fill('x'),
        }),
        `{"districtCode":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
        `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
        `{"address":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
      ]) {
        const reply = await send(id, 'POST', route.path, { ...(as ? { as } : {}), raw, headers: JSON_TYPE });
        wellBehaved(reply, `${raw.length} bytes`);
        expect(reply.status).toBe(400);
      }
    });
  });

  /**
   * A cursor is base64url JSON of `{partition, key}`: one with a key DynamoDB never hands out, or a key outside the
   * query, is 400 INVALID_CURSOR (shared/adapters/dynamodb/pagination.ts, shared/http/problem.ts), never a 500.
   */
  it('refuses crafted page cursors with 400 INVALID_CURSOR', async () => {
    const paged = entries.filter(([, r]) => r.request?.query && shapeOf(r.request.query)?.cursor);
    const partitions = [
      SCOPE_A.district,
      `ORG#${SCOPE_A.operatorOrg}`,
      `DISTRICT#${SCOPE_A.district}`,
      `SCOPE#${SCOPE_A.district}`,
      'SCOPE#CITY',
      `district_civil_affairs:${SCOPE_A.district}`,
      `street_office:${SCOPE_A.street}`,
      `operator:${SCOPE_A.operatorOrg}`,
    ];
    const failures: string[] = [];
    for (const [id, route] of paged) {
      const users = Object.entries(SCOPE_A.users).filter(([role]) =>
        (route.access as readonly string[]).includes(role),
      );
      for (const [, as] of users) {
        for (const partition of partitions) {
          for (const key of [
            { pk: 'x', $gt: '' },
            { pk: 'x', sk: 'y' },
            { pk: 'STATION#x', sk: 'STATION', gsi1pk: `DISTRICT#${SCOPE_A.district}`, gsi1sk: 'STATION#' },
          ]) {
            const c = Buffer.from(JSON.stringify({ partition, key })).toString('base64url');
            // A list under a record (a station's recipients, records, volunteers) is asked of the real one.
            const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
              String(realParam(route, name, records) ?? name),
            );
            // A list by month (service records, volunteer hours) is asked for this month's page.
            const month =
              route.request?.query && shapeOf(route.request.query)?.month
                ? `&month=${new Date().toISOString().slice(0, 7)}`
                : '';
            const reply = await send(id, 'GET', `${path}?cursor=${c}${month}`, { as: as as string });
            // A crafted cursor is refused, or (well-formed, inside the caller's own list) simply pages on.
            const ok =
              reply.status === 200 || (reply.status === 400 && reply.body?.code === 'INVALID_CURSOR');
            if (!ok) failures.push(`${id} as ${as}, partition ${partition} → ${reply.status}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a report list with only one bound of its date window', async () => {
    const year = Number(new Date().toISOString().slice(0, 4));
    const failures: string[] = [];
    for (const query of [
      `from=${year + 1}-01-01`,
      `to=${year - 1}-12-31`,
      `from=${year + 3}-06-30&limit=5`,
    ]) {
      for (const as of ['city.mz', 'lixia.mz', 'jiefanglu.jd']) {
        const reply = await send('listReports', 'GET', `/reports?${query}`, { as });
        if (reply.status !== 200) failures.push(`${as} /reports?${query} → ${reply.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('ignores hostile request headers', async () => {
    const [id, route] = entries.find(([k]) => k === 'listStations') as [RouteId, RouteDefinition];
    const header = fc.constantFrom(
      'x-forwarded-for',
      'x-real-ip',
      'user-agent',
      'accept',
      'accept-language',
      'cookie',
      'x-amzn-trace-id',
      'x-http-method-override',
      'origin',
      'referer',
    );
    const value = fc.constantFrom(...HOSTILE.filter((s) => /^[\t\x20-\x7e]*$/.test(s)), 'x'.repeat(4000));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(header, value, { minKeys: 1 }), async (headers) => {
        const reply = await send(id, 'GET', `${route.path}?district=${SCOPE_A.district}`, {
          as: userFor(route) as string,
          headers,
        });
        wellBehaved(reply, JSON.stringify(headers));
        expect(reply.status).toBe(200);
      }),
      runs(RUNS),
    );
  });

  describe('well-formed hostile values against real records: refused when stale or unknown, answered otherwise', () => {
    const gen = new SchemaArbitraries({ hostility: 0.6 });
    const urlGen = new SchemaArbitraries({ hostility: 0.6, inUrl: true });
    // Opening an import names no record and has no version: every well-formed request opens one (a pending ticket
    // with no file yet), rightly; so does an export (a file of the caller's own scope). Their refusals of ill-formed
    // input are tried above.
    const namesNoRecord = new Set<string>(['createImport', 'createExport']);
    for (const [id, route] of entries.filter(([routeId]) => !namesNoRecord.has(routeId))) {
      it(`${route.method} ${route.path}`, async () => {
        const as = userFor(route);
        await fc.assert(
          fc.asyncProperty(hostileInput(route, records, gen, urlGen), async (input) => {
            const r = receivedInput(route, input);
            fc.pre(!knownDefect(id, r.query));
            const reply = await send(id, route.method, r.url, {
              ...(as ? { as } : {}),
              ...(route.request?.body ? { raw: JSON.stringify(input.body) ?? '', headers: JSON_TYPE } : {}),
            });
            const what = `${id} ${r.url.slice(0, 300)} ${JSON.stringify(input.body)?.slice(0, 300)}`;
            wellBehaved(reply, what);
            if (route.method !== 'GET')
              expect(reply.status, `${what}: a write was accepted`).toBeGreaterThanOrEqual(400);
          }),
          runs(RUNS),
        );
      });
    }
  });

  /**
   * Every error in Chinese (issue 18, item 6): one representative of each refusal the functions give — a field
   * missing, of the wrong type, outside its enumeration, too long, a bad date; 401, 403, 404, 409, 415, 422 and
   * malformed JSON — is application/problem+json with a declared code, a zh-CN title and a zh-CN detail, which for
   * a refusal of fields names them. A request no route takes is the `$default` route's problem: 404 for an unknown
   * path, 405 with `Allow` for a method the path lacks. What API Gateway answers itself (401 without a token, 413 over
   * 10 MB, 429 when throttled) is its own `{"message"}`, which an HTTP API cannot customise.
   */
  describe('every refusal in Chinese, naming the field at fault', () => {
    const zhProblem = (reply: Reply, status: number, code: string) => {
      const what = `${reply.status} ${reply.text.slice(0, 400)}`;
      expect(reply.status, what).toBe(status);
      expect(problemFaults(reply), what).toEqual([]);
      expect(reply.body.code, what).toBe(code);
      expect(reply.body.title, what).toMatch(CJK);
      expect(reply.body.detail, what).toMatch(CJK);
    };
    const station = { districtCode: '370102', streetCode: '370102002', address: '千佛山路 1 号' };
    const worker = {
      name: '王芳',
      qualification: 'assistant',
      idNumber: '11010519491231002X',
      startOn: '2026-02-01',
    };

    it.each([
      ['a missing field', { districtCode: '370102', streetCode: '370102002' }, 'body.address', '必填'],
      ['a wrong type', { ...station, districtCode: 370102 }, 'body.districtCode', '须为字符串'],
      ['a string too long', { ...station, address: '长'.repeat(201) }, 'body.address', '不超过 200 个字符'],
      ['a field not declared', { ...station, operator: 'x' }, 'body', '不允许提交的字段：operator'],
    ])('400 for %s in POST /stations', async (_what, body, path, message) => {
      const reply = await send('createStation', 'POST', '/stations', { as: 'lixia.mz', body });
      zhProblem(reply, 400, 'VALIDATION_FAILED');
      expect(reply.body.errors).toEqual([{ path, message }]);
      expect(reply.body.detail).toBe(`${path}：${message}。请按 errors 中列出的字段逐项修改后重试。`);
    });

    it.each([
      [
        'a value outside its enumeration',
        { ...worker, qualification: 'expert' },
        'body.qualification',
        '须为以下之一：none、assistant、intermediate、senior',
      ],
      ['a bad date', { ...worker, startOn: '2026-02-30' }, 'body.startOn', '日期格式应为 YYYY-MM-DD'],
    ])('400 for %s in POST /contracts/{id}/workers', async (_what, body, path, message) => {
      const reply = await send('addWorker', 'POST', `/contracts/${records.contractId}/workers`, {
        as: 'op.a',
        body,
      });
      zhProblem(reply, 400, 'VALIDATION_FAILED');
      expect(reply.body.errors).toEqual([{ path, message }]);
      expect(reply.body.detail).toContain(`${path}：${message}`);
    });

    it('400 for many fields at once: the count and the first of them in the detail', async () => {
      const reply = await send('createStation', 'POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: 1, streetCode: 2 },
      });
      zhProblem(reply, 400, 'VALIDATION_FAILED');
      expect(reply.body.detail).toMatch(/^共 3 处不符合要求：body\.districtCode：须为字符串；/);
    });

    it('400 for a query parameter of the wrong shape, and for malformed JSON', async () => {
      const list = await send('listStations', 'GET', '/stations?district=370102&limit=abc', {
        as: 'lixia.mz',
      });
      zhProblem(list, 400, 'VALIDATION_FAILED');
      expect(list.body.detail).toContain('query.limit：须为数字');
      const malformed = await send('createStation', 'POST', '/stations', {
        as: 'lixia.mz',
        raw: '{"address":',
        headers: JSON_TYPE,
      });
      zhProblem(malformed, 400, 'MALFORMED_JSON');
    });

    it('401 from the function for a verified token whose claims are malformed', async () => {
      const token = await runtime.identity.issue({
        username: 'bad.claims',
        role: 'district_civil_affairs',
        district: '3701',
        description: '区县代码不合规的令牌',
      });
      const reply = await send('listStations', 'GET', '/stations', { token });
      zhProblem(reply, 401, 'TOKEN_CLAIMS_INVALID');
    });

    it('401 without a token, and with a token the issuer never signed: a problem in zh-CN from the function', async () => {
      const reply = await send('listStations', 'GET', '/stations');
      zhProblem(reply, 401, 'UNAUTHENTICATED');
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      const forged = await send('listStations', 'GET', '/stations', {
        headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' },
      });
      zhProblem(forged, 401, 'TOKEN_INVALID');
    });

    it("403 for a role the route does not admit, and for a record outside the caller's district", async () => {
      const role = await send('createStation', 'POST', '/stations', { as: 'op.a', body: station });
      zhProblem(role, 403, 'FORBIDDEN_ROLE');
      const scope = await send('updateStation', 'PATCH', `/stations/${records.stationId}`, {
        as: 'shizhong.mz',
        body: { version: 1, address: '经十路 1 号' },
      });
      zhProblem(scope, 403, 'OUT_OF_SCOPE');
      expect(scope.body.detail).toContain('不属于您所在的区县');
    });

    it('404 for a record or a path that does not exist; 405 naming the methods a path takes', async () => {
      const reply = await send('getStation', 'GET', '/stations/01JZZZZZZZZZZZZZZZZZZZZZZZ', {
        as: 'lixia.mz',
      });
      zhProblem(reply, 404, 'NOT_FOUND');
      expect(reply.body.detail).toBe('找不到该社工站，请核对后重试。');
      const method = await send('getStation', 'DELETE', `/stations/${records.stationId}`, { as: 'lixia.mz' });
      zhProblem(method, 405, 'METHOD_NOT_ALLOWED');
      expect(method.headers.get('allow')).toBe('GET, PATCH');
      expect(method.body.detail).toContain('GET、PATCH');
      const path = await send('getStation', 'GET', '/stationz', { as: 'lixia.mz' });
      zhProblem(path, 404, 'ROUTE_NOT_FOUND');
      expect(path.body.detail).toContain('/openapi.json');
      // No token needed to be told there is no such route, as on AWS (the $default route has no authorizer).
      const anonymous = await send('getStation', 'GET', '/stationz', {});
      zhProblem(anonymous, 404, 'ROUTE_NOT_FOUND');
    });

    it('409 for a stale version: the detail says to read again and send the new version', async () => {
      const stale = await send('updateStation', 'PATCH', `/stations/${records.stationId}`, {
        as: 'lixia.mz',
        body: { version: STALE_VERSION, address: '经十路 1 号' },
      });
      zhProblem(stale, 409, 'VERSION_CONFLICT');
      expect(stale.body.detail).toContain('version');
    });

    it('415 for a body that is not declared as JSON', async () => {
      const reply = await send('createStation', 'POST', '/stations', {
        as: 'lixia.mz',
        raw: JSON.stringify(station),
        headers: { 'content-type': 'text/plain' },
      });
      zhProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('422 for a street outside the district: the detail names both, errors the field', async () => {
      const reply = await send('createStation', 'POST', '/stations', {
        as: 'lixia.mz',
        body: { ...station, streetCode: '370103002' },
      });
      zhProblem(reply, 422, 'STREET_NOT_IN_DISTRICT');
      expect(reply.body.detail).toContain('370103002');
      expect(reply.body.errors).toEqual([{ path: 'body.streetCode', message: '街道（镇）不属于该区县' }]);
    });
  });

  it('changed nothing stored while refusing all of the above', async () => {
    expect(await stateFingerprint()).toEqual(before);
  });

  describe('hostile text that is accepted is stored exactly as validated', () => {
    const text = fc.constantFrom(...HOSTILE).filter((s) => s.trim().length > 0);
    it('station address, brand and target groups (PATCH /stations/{id})', async () => {
      const schema = routes.updateStation.request.body;
      await fc.assert(
        fc.asyncProperty(text, text, text, async (address, featuredBrand, group) => {
          const current = await api('GET', `/stations/${records.stationId}`, { as: 'city.mz' });
          const body = { version: current.body.version, address, featuredBrand, keyTargetGroups: [group] };
          const expected = schema.parse(body);
          const reply = await send('updateStation', 'PATCH', `/stations/${records.stationId}`, {
            as: 'lixia.mz',
            body,
          });
          wellBehaved(reply, JSON.stringify(body));
          expect(reply.status).toBe(200);
          const stored = (await api('GET', `/stations/${records.stationId}`, { as: 'lixia.mz' })).body;
          expect([stored.address, stored.featuredBrand, stored.keyTargetGroups]).toEqual([
            expected.address,
            expected.featuredBrand,
            expected.keyTargetGroups,
          ]);
        }),
        runs(RUNS),
      );
    });

    it('a referral (POST /stations/{id}/referrals) and a complaint (POST /public/complaints)', async () => {
      await fc.assert(
        fc.asyncProperty(text, text, async (counterpart, content) => {
          const referral = await send('addReferral', 'POST', `/stations/${records.stationId}/referrals`, {
            as: 'jiefanglu.jd',
            body: {
              referredOn: '2026-11-03',
              direction: 'to_station',
              counterpart,
              reason: content,
              caseRef: 'C-1',
            },
          });
          wellBehaved(referral, counterpart);
          expect(referral.status).toBe(201);
          const listed = (await api('GET', `/stations/${records.stationId}/referrals`, { as: 'lixia.mz' }))
            .body.items as { id: string; counterpart: string; reason: string }[];
          expect(listed.find((x) => x.id === referral.body.id)).toMatchObject({
            counterpart: counterpart.trim(),
            reason: content.trim(),
          });
          const filed = await send('fileComplaint', 'POST', '/public/complaints', {
            body: { stationId: records.stationId, content },
          });
          wellBehaved(filed, content);
          expect(filed.status).toBe(201);
          const status = await api('GET', `/public/complaints/${filed.body.trackingCode}`);
          expect(status.status).toBe(200);
        }),
        runs(RUNS),
      );
    });

    it('a worker (POST /contracts/{id}/workers) and the needs survey (PUT …/needs-survey)', async () => {
      // Each run a person of their own: one person is on a roster once at a time.
      let person = 300;
      await fc.assert(
        fc.asyncProperty(text, text, async (name, findings) => {
          const added = await send('addWorker', 'POST', `/contracts/${records.contractId}/workers`, {
            as: 'op.a',
            body: {
              name: name.slice(0, 50),
              qualification: 'assistant',
              idNumber: testIdNumber(person++ % 900),
              startOn: '2026-02-01',
            },
          });
          wellBehaved(added, name);
          expect(added.status).toBe(201);
          expect(added.body.name).toBe(name.slice(0, 50).trim());
          const path = `/contracts/${records.contractId}/service-years/1/needs-survey`;
          const current = (await api('GET', path, { as: 'op.a' })).body;
          const saved = await send('putNeedsSurvey', 'PUT', path, {
            as: 'op.a',
            body: { version: current.version, conductedOn: '2026-01-10', methods: name, findings },
          });
          wellBehaved(saved, findings);
          expect(saved.status).toBe(200);
          const read = (await api('GET', path, { as: 'jiefanglu.jd' })).body;
          expect([read.content.methods, read.content.findings]).toEqual([name.trim(), findings.trim()]);
        }),
        runs(RUNS),
      );
    });
  });
});

const JSON_TYPE = { 'content-type': 'application/json' };
const CJK = /[\u3400-\u9fff]/;

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** A URL for the route with valid-looking path parameters (refusals of the body come before any lookup). */
function urlOf(route: RouteDefinition): string {
  const schema = route.request?.params;
  const params = schema
    ? (fc.sample(new SchemaArbitraries().valid(schema), { numRuns: 1, seed: 1 })[0] as object)
    : {};
  return fillPath(route.path, asStrings(params));
}
