import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { EXPORT_KINDS } from '#shared/domain/exports/export';
import { type RouteDefinition, type RouteId, routes } from '#shared/manifest';
import {
  accepts,
  asStrings,
  type Client,
  createScopeRecords,
  encodeQuery,
  fillPath,
  httpClient,
  isOptional,
  outsiders,
  problemFaults,
  realParam,
  SCOPE_A,
  SCOPE_B,
  SchemaArbitraries,
  type ScopeRecords,
  shapeOf,
  stateFingerprint,
  Tally,
  userFor,
  versionSource,
} from '#test/helpers/arbitraries';
import { testIdNumber } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { startTestRuntime } from '#test/helpers/runtime';

/**
 * Prying (OWASP API1 BOLA, API3 property-level and API5 function-level authorisation), over two scopes that each
 * have one of every record and a user of every role: 历下区解放路街道 (org-op-a, org-tp-a) and 市中区大观园街道
 * (org-op-b, org-tp-b), plus a second street office of 历下区.
 *
 * - Every non-public route with a path parameter, called by every user of another district, street or
 *   organisation with the real ids of the target's records (a schema-valid body, the record's current version):
 *   403 or 404, and the reply holds none of the target's identifying values (ids not in the request, numbers,
 *   marked text, the district and street of its records).
 * - Every list, called by the other scope's users, with and without filters naming the target: never the target's
 *   records; a filter naming another district is refused (403), not narrowed.
 * - Nothing stored changes.
 * - Mass assignment: a field the request schema does not declare (status, version, ids, district codes, scores,
 *   amounts, createdAt, __proto__ …) is refused with 400 VALIDATION_FAILED naming it in zh-CN, never dropped; a field
 *   the caller's role may not fill (a district's `indicators`, a third party's `score`) is refused too.
 */
type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const entries = Object.entries(routes) as [RouteId, RouteDefinition][];
const fullMarks = Object.fromEntries(
  DEFAULT_TEMPLATE_PARTS.flatMap((p) =>
    p.indicators.map((i) => [`${p.key}.${i.key}`, i.maxHundredths / 100]),
  ),
);
const paramNames = (route: RouteDefinition) =>
  (route.path.match(/\{(\w+)\}/g) ?? []).map((m) => m.slice(1, -1));
const CJK = /[\u4e00-\u9fff]/;

/** Where a reply shows a scope's record: one of its identifying values, or an object of its district or street. */
function leaks(body: unknown, target: ScopeRecords, request: string): string[] {
  const found: string[] = [];
  const text = JSON.stringify(body) ?? '';
  for (const secret of target.secrets) {
    if (!request.includes(secret) && text.includes(secret)) found.push(`value ${secret}`);
  }
  const stack: [unknown, string][] = [[body, '$']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) stack.push([v, `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (o.districtCode === target.spec.district || o.streetCode === target.spec.street)
        found.push(`record of ${target.spec.name} at ${path}`);
      for (const [k, v] of Object.entries(o)) stack.push([v, `${path}.${k}`]);
    }
  }
  return found;
}

/** Values of a scope that a generated body should carry (so that it passes validation and names real records). */
function hintsOf(target: ScopeRecords, version: number | undefined): Record<string, fc.Arbitrary<unknown>> {
  return {
    ...(version !== undefined ? { version: fc.constant(version) } : {}),
    stationId: fc.constant(target.stationId),
    contractId: fc.constant(target.contractId),
    workerIds: fc.constant([target.workerId]),
    uploadId: fc.constant(target.uploadId),
    requestId: fc.constant(target.statementRequestId),
    districtCode: fc.constant(target.spec.district),
    voucherKey: fc.constant(target.voucherKey),
  };
}

const UNKNOWN_ID = '01JD00000000000000000000ZZ';

/** Bodies whose refinements (sums, weights) a schema walk cannot meet. */
const KNOWN_BODIES: Partial<Record<RouteId, () => unknown>> = {
  createEvaluationTemplate: () => ({
    name: '测试版本',
    basis: '测试',
    parts: DEFAULT_TEMPLATE_PARTS.map((p) => ({
      key: p.key,
      name: p.name,
      indicators: p.indicators.map((i) => ({
        key: i.key,
        name: i.name,
        maxPoints: i.maxHundredths / 100,
        guidance: i.guidance,
      })),
    })),
  }),
};

/** A body the route's schema accepts, built from its schema with the target's values. */
function validBody(route: RouteDefinition, hints: Record<string, fc.Arbitrary<unknown>>, seed = 42): unknown {
  const schema = route.request?.body;
  if (!schema) return undefined;
  const known = entries.find(([, r]) => r === route)?.[0];
  const made = known ? KNOWN_BODIES[known] : undefined;
  if (made) return made();
  const samples = fc.sample(new SchemaArbitraries({ hostility: 0, hints }).valid(schema), {
    numRuns: 60,
    seed,
  });
  return samples.find((s) => accepts(schema, JSON.parse(JSON.stringify(s)))) ?? samples[0];
}

function validQuery(route: RouteDefinition, seed = 42): Record<string, string> {
  const schema = route.request?.query;
  if (!schema) return {};
  const gen = new SchemaArbitraries({ hostility: 0, inUrl: true });
  const samples = fc.sample(gen.valid(schema).map(asStrings), { numRuns: 60, seed });
  return samples.find((s) => accepts(schema, s)) ?? {};
}

describe('prying into another scope', () => {
  let runtime: Runtime;
  let api: Client;
  const scopes: ScopeRecords[] = [];
  let before: { items: number; hash: string };
  const tally = new Tally();
  const send = async (id: string, method: string, url: string, options: Parameters<Client>[2] = {}) => {
    const reply = await api(method, url, options);
    tally.record(id, reply);
    return reply;
  };
  const versionOf = async (path: string): Promise<number | undefined> => {
    const source = versionSource(path);
    if (!source) return undefined;
    const reply = await api('GET', source.path, { as: 'city.mz' });
    const version = reply.status === 200 ? source.pick(reply.body) : undefined;
    return typeof version === 'number' ? version : undefined;
  };

  /** A new policy version: the current parameters, valid in a far year. */
  const policyBody = async () => {
    const current = await api('GET', '/policies', { as: 'city.mz' });
    return {
      name: '测试版本',
      basis: '测试',
      validFrom: '2099-01-01',
      validTo: '2099-12-31',
      parameters: current.body.versions[0].parameters,
    };
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = httpClient(runtime.apiUrl, runtime.identity);
    const deps = { api, drain: () => runtime.s3.drain(), makePdf, fullMarks };
    for (const spec of [SCOPE_A, SCOPE_B]) {
      const records = await createScopeRecords(deps, spec);
      // A budget line of the district, which only its own district and the city may see.
      await api('PUT', `/budgets/2026/districts/${spec.district}`, {
        as: 'city.cz',
        body: { cityShareFen: 1_000_000, districtShareFen: 1_000_000, sharingRatioPercent: 50, version: 0 },
      });
      scopes.push(records);
    }
    await runtime.s3.drain();
    before = await stateFingerprint();
  });
  afterAll(async () => {
    console.log(`prying: ${tally.summary()}`);
    await runtime?.dispose();
  });

  describe('records of another scope, by id: 403 or 404 and nothing of them in the reply', () => {
    const withIds = entries.filter(
      ([, r]) => r.access !== 'public' && paramNames(r).some((n) => n !== 'year' && n !== 'code'),
    );
    for (const [id, route] of withIds) {
      it(`${route.method} ${route.path}`, async () => {
        const outcomes: string[] = [];
        for (const target of scopes) {
          const params = Object.fromEntries(
            paramNames(route).map((name) => {
              const real = realParam(route, name, target);
              const schema = shapeOf(route.request?.params as never)?.[name];
              const made = schema
                ? (fc.sample(new SchemaArbitraries({ inUrl: true }).valid(schema), {
                    numRuns: 1,
                    seed: 3,
                  })[0] as string)
                : 'x';
              return [name, real ?? String(made)];
            }),
          );
          const path = fillPath(route.path, params);
          const query = encodeQuery(validQuery(route));
          const url = `${path}${query}`;
          const body = validBody(route, hintsOf(target, await versionOf(path)));
          // The same request naming records that do not exist: what a caller learns without reaching anything.
          const unknown = Object.fromEntries(
            Object.entries(params).map(([k, v]) => [k, /^[0-9A-Z]{26}$/.test(v) ? UNKNOWN_ID : v]),
          );
          const nowhere = `${fillPath(route.path, unknown)}${query}`;
          for (const user of outsiders(target.spec)) {
            const options = { as: user.username, ...(body !== undefined ? { body } : {}) };
            const reply = await send(id, route.method, url, options);
            const request = `${url} ${JSON.stringify(body) ?? ''}`;
            const label = `${user.username} → ${target.spec.key} ${url}`;
            if (reply.status !== 403 && reply.status !== 404) {
              // Refused for the input alone (the answer for no record at all) discloses nothing; any other answer
              // depends on a record the caller may not reach.
              const blind = await send(id, route.method, nowhere, options);
              if (
                reply.status < 400 ||
                blind.status !== reply.status ||
                blind.body?.code !== reply.body?.code
              )
                outcomes.push(
                  `${label}: ${reply.status} ${reply.text.slice(0, 160)} (no record: ${blind.status})`,
                );
            }
            if (reply.status >= 400 && problemFaults(reply).length > 0)
              outcomes.push(`${label}: ${problemFaults(reply).join('; ')}`);
            const leaked = leaks(reply.body, target, request);
            if (leaked.length > 0) outcomes.push(`${label}: leaks ${leaked.join(', ')}`);
          }
        }
        expect(outcomes).toEqual([]);
      });
    }
  });

  describe('lists, as another scope: never its records; naming its district is refused', () => {
    const lists = entries.filter(
      ([, r]) => r.access !== 'public' && r.method === 'GET' && paramNames(r).every((n) => n === 'year'),
    );
    for (const [id, route] of lists) {
      it(`${route.method} ${route.path}`, async () => {
        const outcomes: string[] = [];
        for (const target of scopes) {
          const shape = route.request?.query ? (shapeOf(route.request.query) ?? {}) : {};
          const naming: Record<string, string> = {
            district: target.spec.district,
            street: target.spec.street,
            contractId: target.contractId,
            stationId: target.stationId,
            entityType: 'station',
            entityId: target.stationId,
          };
          const required = Object.entries(validQuery(route)).filter(
            ([k]) => shape[k] !== undefined && !isOptional(shape[k]),
          );
          const queries: Record<string, string>[] = [Object.fromEntries(required)];
          for (const [k, v] of Object.entries(naming)) {
            if (k in shape) queries.push({ ...Object.fromEntries(required), [k]: v });
          }
          if ('entityType' in shape) queries.push({ entityType: 'station', entityId: target.stationId });
          const path = fillPath(route.path, { year: '2026' });
          for (const user of outsiders(target.spec)) {
            if (!(route.access as readonly string[]).includes(user.role)) continue;
            for (const query of queries) {
              const url = `${path}${encodeQuery(query)}`;
              const reply = await send(id, 'GET', url, { as: user.username });
              const label = `${user.username} → ${target.spec.key} ${url}`;
              if (reply.status >= 500) outcomes.push(`${label}: ${reply.status}`);
              if (reply.status >= 400 && problemFaults(reply).length > 0)
                outcomes.push(`${label}: ${problemFaults(reply).join('; ')}`);
              if (
                query.district === target.spec.district &&
                user.district !== target.spec.district &&
                reply.status !== 403
              )
                outcomes.push(`${label}: ${reply.status}, not refused`);
              const leaked = leaks(reply.body, target, url);
              if (leaked.length > 0) outcomes.push(`${label}: leaks ${leaked.slice(0, 3).join(', ')}`);
            }
          }
        }
        expect(outcomes).toEqual([]);
      });
    }
  });

  describe('mass assignment: undeclared fields are refused by name, never dropped', () => {
    const probe = [
      'id',
      'status',
      'version',
      'createdAt',
      'updatedAt',
      'districtCode',
      'streetCode',
      'orgId',
      'score',
      'amountFen',
      'paidFen',
      'role',
      '__proto__',
      'constructor',
    ];
    for (const [id, route] of entries.filter(([, r]) => r.request?.body)) {
      it(`${route.method} ${route.path}`, async () => {
        const target = scopes[0] as ScopeRecords;
        const schema = route.request?.body as NonNullable<NonNullable<RouteDefinition['request']>['body']>;
        const shape = shapeOf(schema) ?? {};
        const params = Object.fromEntries(
          paramNames(route).map((name) => [
            name,
            realParam(route, name, target) ?? '01JD00000000000000000000AA',
          ]),
        );
        const path = fillPath(route.path, params);
        const body = (
          id === 'createPolicy'
            ? await policyBody()
            : validBody(route, hintsOf(target, await versionOf(path)))
        ) as Record<string, unknown>;
        expect(accepts(schema, body), `${id}: no schema-valid body to start from`).toBe(true);
        const as = userFor(route, target.spec);
        const attempts: [string, Record<string, unknown>][] = probe
          .filter((f) => !(f in shape))
          .map((f) => [
            `body|${f}`,
            Object.fromEntries([...Object.entries(body), [f, f === 'version' ? 1 : 'x']]),
          ]);
        // One level down: an undeclared field inside the first nested object the body has.
        const nested = Object.entries(body).find(
          ([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v),
        );
        if (nested) {
          attempts.push([
            `body.${nested[0]}|status`,
            { ...body, [nested[0]]: { ...(nested[1] as object), status: 'approved' } },
          ]);
        }
        const outcomes: string[] = [];
        for (const [field, attempt] of attempts) {
          const reply = await send(id, route.method, path, { ...(as ? { as } : {}), body: attempt });
          const errors = (reply.body?.errors ?? []) as { path: string; message: string }[];
          // Refused at the object holding it, naming it: `field` is `<object path>|<name>`.
          const [at, name] = field.split('|') as [string, string];
          const named = errors.find((e) => e.path === at && e.message.includes(name));
          if (reply.status !== 400 || reply.body?.code !== 'VALIDATION_FAILED' || !named)
            outcomes.push(`${field}: ${reply.status} ${reply.text.slice(0, 200)}`);
          else if (problemFaults(reply).length > 0 || !CJK.test(named.message))
            outcomes.push(`${field}: ${problemFaults(reply).join('; ')} ${named.message}`);
        }
        expect(outcomes).toEqual([]);
      });
    }
  });

  it('changed nothing stored while refusing all of the above', async () => {
    expect(await stateFingerprint()).toEqual(before);
  });

  describe('the same requests without the undeclared field are accepted', () => {
    it('a station, a worker and a budget line take the declared fields and refuse the rest', async () => {
      const a = scopes[0] as ScopeRecords;
      const station = async () => (await api('GET', `/stations/${a.stationId}`, { as: 'lixia.mz' })).body;
      const s0 = await station();
      const forged = await send('updateStation', 'PATCH', `/stations/${a.stationId}`, {
        as: 'lixia.mz',
        body: {
          version: s0.version,
          address: '新址 1 号',
          districtCode: SCOPE_B.district,
          createdAt: '2020-01-01',
        },
      });
      expect(forged.status).toBe(400);
      expect(await station()).toEqual(s0);
      const honest = await send('updateStation', 'PATCH', `/stations/${a.stationId}`, {
        as: 'lixia.mz',
        body: { version: s0.version, address: '新址 1 号' },
      });
      expect(honest.status).toBe(200);
      expect(honest.body).toMatchObject({
        address: '新址 1 号',
        districtCode: SCOPE_A.district,
        createdAt: s0.createdAt,
      });

      const worker = {
        name: '李四',
        qualification: 'assistant',
        // Not the fixture's worker: one person is on a roster once at a time.
        idNumber: testIdNumber(20),
        startOn: '2026-03-01',
      };
      for (const extra of [
        { id: '01JD00000000000000000000AA' },
        { contractId: (scopes[1] as ScopeRecords).contractId },
        { version: 9 },
      ]) {
        const reply = await send('addWorker', 'POST', `/contracts/${a.contractId}/workers`, {
          as: 'op.a',
          body: { ...worker, ...extra },
        });
        expect(reply.status).toBe(400);
      }
      expect(
        (await send('addWorker', 'POST', `/contracts/${a.contractId}/workers`, { as: 'op.a', body: worker }))
          .status,
      ).toBe(201);

      const budget = {
        cityShareFen: 1_000_000,
        districtShareFen: 2_000_000,
        sharingRatioPercent: 50,
        version: 1,
      };
      // The city share and the sharing ratio are the city's: a district that sends other values is refused.
      const cityFields = await send('putBudget', 'PUT', `/budgets/2026/districts/${SCOPE_A.district}`, {
        as: 'lixia.cz',
        body: { ...budget, cityShareFen: 9_000_000 },
      });
      expect(cityFields).toMatchObject({ status: 403, body: { code: 'CITY_BUDGET_FIELDS' } });
      const forgedBudget = await send('putBudget', 'PUT', `/budgets/2026/districts/${SCOPE_A.district}`, {
        as: 'lixia.cz',
        body: { ...budget, districtCode: SCOPE_B.district, year: 2030 },
      });
      expect(forgedBudget.status).toBe(400);
      const honestBudget = await send('putBudget', 'PUT', `/budgets/2026/districts/${SCOPE_A.district}`, {
        as: 'lixia.cz',
        body: budget,
      });
      expect(honestBudget.body).toMatchObject({ year: 2026, districtCode: SCOPE_A.district, version: 2 });
    });

    it('each scorer fills only its own part of an evaluation (R17.1)', async () => {
      const a = scopes[0] as ScopeRecords;
      const commissioned = await api('POST', `/contracts/${a.contractId}/evaluations`, {
        as: 'lixia.mz',
        body: {
          serviceYear: 2,
          evaluator: { orgId: SCOPE_A.evaluatorOrg, name: '第三方评估机构 A' },
          planned: { start: '2027-12-01', end: '2027-12-20' },
        },
      });
      expect(commissioned.status, commissioned.text).toBe(201);
      const id = commissioned.body.id as string;
      const read = async () => (await api('GET', `/evaluations/${id}`, { as: 'city.mz' })).body;
      const e0 = await read();
      for (const [as, body] of [
        ['lixia.mz', { version: e0.version, score: 80, indicators: fullMarks }],
        ['jiefanglu.jd', { version: e0.version, score: 80, indicators: fullMarks }],
        ['tp.a', { version: e0.version, indicators: fullMarks, score: 100 }],
      ] as const) {
        const reply = await send('putEvaluationScores', 'PUT', `/evaluations/${id}/scores`, { as, body });
        expect(reply.status, `${as}: ${reply.text}`).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
        expect(problemFaults(reply)).toEqual([]);
      }
      expect(await read()).toEqual(e0);
      const own = await send('putEvaluationScores', 'PUT', `/evaluations/${id}/scores`, {
        as: 'lixia.mz',
        body: { version: e0.version, score: 80 },
      });
      expect(own.status).toBe(200);
      expect(own.body.scores).toEqual({ district: 8000 });
    });
  });
  /**
   * Exports (issue 19 item 5) name no record: the scope is the body's district or street, or the caller's own. Every
   * outsider allowed on the route, for every kind, masked or not: naming the target's district or street is refused
   * (403), and a file it is given holds none of the target's records (its marked text, numbers, ID and phone
   * numbers, or a row of its street).
   */
  describe('exports, as another scope: never its records; naming its district or street is refused', () => {
    it('POST /exports', async () => {
      const outcomes: string[] = [];
      for (const target of scopes) {
        for (const user of outsiders(target.spec)) {
          if (!(routes.createExport.access as readonly string[]).includes(user.role)) continue;
          for (const kind of EXPORT_KINDS) {
            for (const body of [
              { kind },
              { kind, districtCode: target.spec.district },
              { kind, streetCode: target.spec.street },
              { kind, unmasked: true, reason: '核对' },
            ]) {
              const reply = await send('createExport', 'POST', '/exports', { as: user.username, body });
              const label = `${user.username} → ${target.spec.key} ${JSON.stringify(body)}`;
              if (reply.status >= 500) outcomes.push(`${label}: ${reply.status}`);
              if (reply.status >= 400 && problemFaults(reply).length > 0)
                outcomes.push(`${label}: ${problemFaults(reply).join('; ')}`);
              const naming =
                ('districtCode' in body && user.district !== target.spec.district) ||
                ('streetCode' in body &&
                  (user.street
                    ? user.street !== target.spec.street
                    : user.district !== target.spec.district));
              if (naming && reply.status !== 403) outcomes.push(`${label}: ${reply.status}, not refused`);
              if (reply.status !== 201) continue;
              const file = await fetch(reply.body.downloadUrl);
              const workbook = new ExcelJS.Workbook();
              await workbook.xlsx.load(await file.arrayBuffer());
              const rows: Record<string, unknown>[] = [];
              const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
              const header = Array.from((sheet.getRow(1).values as unknown[]).slice(1), String);
              sheet.eachRow((row, n) => {
                if (n > 1)
                  rows.push(
                    Object.fromEntries(
                      Array.from((row.values as unknown[]).slice(1), (v, i) => [header[i] ?? String(i), v]),
                    ),
                  );
              });
              const leaked = leaks(rows, target, label);
              for (const row of rows) {
                if (
                  row['街道（镇）代码'] === target.spec.street ||
                  row['街道（镇）代码（参考）'] === target.spec.street
                )
                  leaked.push(`a row of ${target.spec.name}`);
              }
              if (leaked.length > 0) outcomes.push(`${label}: leaks ${leaked.slice(0, 3).join(', ')}`);
            }
          }
        }
      }
      expect(outcomes).toEqual([]);
    });
  });
});
