import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, UNREACHED_CREDENTIAL_PROVIDERS } from '#infra/constructs/bundling';
import { tableName } from '#shared/config';
import { createStationRoute, getStationRoute, noRouteHandler } from '#shared/manifest';
import { freshTables } from '#test/helpers/tables';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Runs `script` (ESM) in a fresh Node process, as Lambda would load a bundle; returns its stdout. */
async function node(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  const out = await run(process.execPath, ['--input-type=module', '-e', script], {
    env,
    timeout: 30_000,
  });
  return out.stdout;
}

/** A payload-2.0 event as API Gateway's JWT authorizer passes it (array claims rendered as "[a b]"). */
const event = (route: { method: string; path: string }, path: string, claims: object, body?: object) => ({
  version: '2.0',
  routeKey: `${route.method} ${route.path}`,
  rawPath: path,
  rawQueryString: '',
  headers: body ? { 'content-type': 'application/json' } : {},
  ...(route.path.includes('{id}') ? { pathParameters: { id: path.split('/').at(-1) } } : {}),
  requestContext: {
    requestId: 'bundle-test',
    http: { method: route.method, path },
    authorizer: { jwt: { claims, scopes: [] } },
  },
  ...(body ? { body: JSON.stringify(body) } : {}),
  isBase64Encoded: false,
});

const LIXIA_OFFICIAL = {
  sub: 'lixia-1',
  'cognito:username': 'lixia-1',
  'cognito:groups': '[district_civil_affairs]',
  'custom:district': '370102',
};
const SHIZHONG_OFFICIAL = { ...LIXIA_OFFICIAL, sub: 'sz-1', 'custom:district': '370103' };

/**
 * The functions as deployed: bundled with the construct's own options (infra/constructs/bundling.ts: one minified
 * UTF-8 ESM bundle per handler, the package marked free of side effects, the unreached credential providers
 * external) and run in a fresh Node process against DynamoDB Local. What tree shaking, the externals or the
 * charset could break shows here and nowhere else: every other test runs the TypeScript sources.
 */
describe('the deployed bundles', () => {
  let dir: string;
  const bundle = (name: string) => pathToFileURL(join(dir, `${name}.mjs`)).href;
  const invoke = async (name: string, ev: object) =>
    JSON.parse(
      await node(
        `const { handler } = await import(${JSON.stringify(bundle(name))});
         const context = { awsRequestId: 'bundle-test', functionName: ${JSON.stringify(name)}, functionVersion: '1',
           invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:${name}', memoryLimitInMB: '512',
           getRemainingTimeInMillis: () => 10_000 };
         process.stdout.write(JSON.stringify(await handler(${JSON.stringify(ev)}, context)));`,
        process.env,
      ),
    ) as { statusCode: number; headers: Record<string, string>; body: string };

  beforeAll(async () => {
    await freshTables();
    dir = mkdtempSync(join(tmpdir(), 'sgz-bundles-'));
    await build({
      ...esbuildOptions(),
      absWorkingDir: repoRoot,
      entryPoints: {
        createStation: join(repoRoot, createStationRoute.handler),
        getStation: join(repoRoot, getStationRoute.handler),
        noRoute: join(repoRoot, noRouteHandler),
      },
      outdir: dir,
    });
    // The DynamoDB client with no credentials of its own: the bundled default chain must find them.
    await build({
      ...esbuildOptions(),
      absWorkingDir: repoRoot,
      stdin: {
        contents: `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
          const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'cn-north-1' });
          try {
            const out = await client.send(new ListTablesCommand({}));
            process.stdout.write(JSON.stringify({ tables: out.TableNames }));
          } catch (error) {
            process.stdout.write(JSON.stringify({ error: String(error) }));
          }`,
        resolveDir: repoRoot,
        loader: 'ts',
      },
      outfile: join(dir, 'credentials.mjs'),
    });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates and reads a station through the bundled handlers, in Chinese, within the caller’s district', async () => {
    const created = await invoke(
      'createStation',
      event(createStationRoute, '/stations', LIXIA_OFFICIAL, {
        districtCode: '370102',
        streetCode: '370102002',
        address: '千佛山路 1 号',
      }),
    );
    expect(created.statusCode).toBe(201);
    const station = JSON.parse(created.body) as { id: string; standardName: string };
    expect(station.standardName).toBe('历下区千佛山街道社会工作服务站');

    const read = await invoke(
      'getStation',
      event(getStationRoute, `/stations/${station.id}`, LIXIA_OFFICIAL),
    );
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ id: station.id, standardName: station.standardName });

    const pried = await invoke(
      'getStation',
      event(getStationRoute, `/stations/${station.id}`, SHIZHONG_OFFICIAL),
    );
    expect([403, 404]).toContain(pried.statusCode);
    expect(pried.body).not.toContain('千佛山');
  });

  it("refuses a bad body with problem+json, a zh-CN title and zod's zh-CN messages from the bundled schemas", async () => {
    const refused = await invoke(
      'createStation',
      event(createStationRoute, '/stations', LIXIA_OFFICIAL, { districtCode: '370102', extra: 1 }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(refused.body) as {
      code: string;
      title: string;
      detail: string;
      errors: { path: string; message: string }[];
    };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.title).toMatch(/[\u4e00-\u9fff]/);
    // zod's zh-CN map is installed in the bundle too (a module-level call, kept although the package is side-effect free).
    expect(problem.errors).toContainEqual({ path: 'body.streetCode', message: '必填' });
    expect(problem.detail).toMatch(/^共 3 处不符合要求：/);
  });

  it('builds at cold start only the schemas its route uses, not the rest of the contract module', () => {
    // stations.schema.ts also holds the update and site bodies (other routes'); each top-level schema is marked
    // pure, so esbuild leaves out what the route does not reach, and a cold start does not build it.
    const text = (name: string) => readFileSync(join(dir, `${name}.mjs`), 'utf8');
    for (const name of ['getStation', 'createStation']) {
      expect(text(name)).not.toContain('至少修改一个字段');
      expect(text(name)).not.toContain('面积应为非负数');
    }
    expect(text('getStation')).not.toContain('CreateStation');
    expect(text('createStation')).toContain('CreateStation');
  });

  it('logs a failed request with its stack at the source positions, not the bundle’s, with no --enable-source-maps', async () => {
    // A Lambda context whose awsRequestId cannot be read: Powertools Logger fails in the handler's middleware
    // stack, and the handler logs the error (500 INTERNAL). The bundle's banner maps each frame when the stack is
    // first formatted (infra/constructs/bundling.ts STACK_SOURCE_MAPS_BANNER).
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(bundle('getStation'))});
         const context = { getRemainingTimeInMillis: () => 10_000, get awsRequestId() { throw new Error('坏的上下文'); } };
         const answer = await handler(${JSON.stringify(event(getStationRoute, '/stations/01JZZZZZZZZZZZZZZZZZZZZZZZ', LIXIA_OFFICIAL))}, context);
         process.stdout.write(JSON.stringify({ status: answer.statusCode }));`,
      ],
      // The tests silence Powertools; this one reads its ERROR record.
      { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' }, timeout: 30_000 },
    );
    // Powertools writes ERROR records to stderr; the status is the last line of stdout, after any INFO records.
    const lines = `${stdout}\n${stderr}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual({ status: 500 });
    const logged = lines.find((line) => line.message === 'request failed') as { error: { stack: string } };
    const frames = logged.error.stack.split('\n').filter((line) => line.startsWith('    at '));
    expect(logged.error.stack).toMatch(/^Error: 坏的上下文\n/);
    expect(
      frames.some((f) =>
        /\/node_modules\/@aws-lambda-powertools\/logger\/lib\/esm\/Logger\.js:\d+:\d+\)$/.test(f),
      ),
    ).toBe(true);
    expect(frames.some((f) => /\/node_modules\/@middy\/core\/index\.js:\d+:\d+\)?$/.test(f))).toBe(true);
    expect(frames.filter((f) => f.includes('getStation.mjs'))).toEqual([]);
  });

  it("answers what no route takes from the $default route's bundle: 405 with Allow, 404, in Chinese", async () => {
    const noRoute = (method: string, rawPath: string) =>
      invoke('noRoute', {
        version: '2.0',
        routeKey: '$default',
        rawPath,
        requestContext: { http: { method } },
      });
    const method = await noRoute('DELETE', '/stations/01JZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(method.statusCode).toBe(405);
    expect(method.headers).toMatchObject({
      allow: 'GET, PATCH',
      'content-type': 'application/problem+json; charset=utf-8',
    });
    expect(JSON.parse(method.body)).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      title: '该接口不支持此请求方法',
    });
    const path = await noRoute('GET', '/stationz');
    expect(path.statusCode).toBe(404);
    expect(JSON.parse(path.body)).toMatchObject({ code: 'ROUTE_NOT_FOUND', title: '没有这个接口' });
  });

  it('finds the function role’s credentials in the environment, as Lambda provides them', async () => {
    const out = JSON.parse(
      await node(`await import(${JSON.stringify(bundle('credentials'))});`, process.env),
    );
    expect(out.tables).toContain(tableName('main'));
  });

  it('without credentials in the environment, fails at the first provider left external, not silently', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sgz-home-'));
    try {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
      };
      const out = JSON.parse(await node(`await import(${JSON.stringify(bundle('credentials'))});`, env));
      expect(out.error).toMatch(/Cannot find package '@aws-sdk\/credential-provider-ini'/);
      expect(UNREACHED_CREDENTIAL_PROVIDERS).toContain('@aws-sdk/credential-provider-ini');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
