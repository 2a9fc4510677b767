import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';
import { LOCK_FILE } from '#infra/local/start-guard';

/** `npm start` as a newcomer runs it: the real entry point in a child process. */
const root = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];
const start = (env: Record<string, string>): ChildProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
};

const collect = (child: ChildProcess) => {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  return out;
};

/** `npm run token -- <user>` (its script, as npm runs it). */
const token = (
  username: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/token.ts', username], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = collect(child);
  return exited(child).then((code) => ({ code, ...out }));
};

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** The four configurable ports, each free now. */
const freePorts = async (): Promise<Record<string, string>> => ({
  PORT: String(await freePort()),
  S3_PORT: String(await freePort()),
  DYNAMODB_PORT: String(await freePort()),
  IDENTITY_PORT: String(await freePort()),
});

/** A port held by another program (listening on loopback) until `close`. */
const holdPort = async (): Promise<{ port: number; close: () => Promise<void> }> => {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
};

/** What a refused start printed: its lines on stderr, nothing on stdout, and no stack trace. */
const refusal = (out: { stdout: string; stderr: string }) => ({
  lines: out.stderr.trim().split('\n'),
  stdout: out.stdout,
  stackTrace: /^\s+at /m.test(out.stderr),
});

describe('npm start', () => {
  const dirs: string[] = [];
  afterAll(() => {
    // A failed assertion must not leave a runtime behind.
    for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('says in one line how to install Java when it is missing, and exits non-zero', async () => {
    // A PATH holding node and nothing else (on many machines node and java share /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), 'sgz-nojava-'));
    dirs.push(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    // Its own data directory and free ports: a developer's npm start beside it is not what answers.
    const child = start({ PATH: bin, DATA_DIR: join(bin, 'data'), ...(await freePorts()) });
    const out = collect(child);
    const code = await exited(child);
    expect(code).not.toBe(0);
    expect(
      out.stderr
        .trim()
        .split('\n')
        .filter((l) => /Java/.test(l)),
    ).toEqual([expect.stringContaining('apt-get install -y openjdk-17-jre-headless')]);
  });

  it.each(['PORT', 'S3_PORT', 'DYNAMODB_PORT', 'IDENTITY_PORT'])(
    'a port in use (%s) is refused in one line naming the port and its variable, exit 1, before anything starts',
    async (variable) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sgz-port-'));
      dirs.push(dataDir);
      const held = await holdPort();
      try {
        const child = start({ ...(await freePorts()), [variable]: String(held.port), DATA_DIR: dataDir });
        const out = collect(child);
        expect(await exited(child)).toBe(1);
        const refused = refusal(out);
        expect(refused.lines).toEqual([expect.stringContaining(`端口 ${held.port} 已被占用`)]);
        expect(refused.lines[0]).toContain(`Port ${held.port} is already in use`);
        expect(refused.lines[0]).toContain(`${variable}=`);
        expect(refused.stackTrace).toBe(false);
        expect(refused.stdout).toBe('');
        // Nothing left behind: the data directory's lock is released.
        expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
      } finally {
        await held.close();
      }
    },
    60_000,
  );

  it('refuses a port variable that is not a port in one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sgz-port-'));
    dirs.push(dataDir);
    const child = start({ ...(await freePorts()), PORT: 'http', DATA_DIR: dataDir });
    const out = collect(child);
    expect(await exited(child)).toBe(1);
    const refused = refusal(out);
    expect(refused.lines).toEqual([expect.stringContaining('PORT=http 不是端口号')]);
    expect(refused.lines[0]).toContain('PORT=http is not a port');
    expect(refused.stackTrace).toBe(false);
  }, 60_000);

  it('takes over the lock of an npm start that is gone (killed with -9), then checks its ports', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sgz-stale-'));
    dirs.push(dataDir);
    const gone = spawn(process.execPath, ['-e', '']);
    await exited(gone);
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: gone.pid, port: 3000 }));
    const held = await holdPort();
    try {
      const child = start({ ...(await freePorts()), PORT: String(held.port), DATA_DIR: dataDir });
      const out = collect(child);
      expect(await exited(child)).toBe(1);
      // Past the lock (not "already running"), refused only for the port; the lock it took is released.
      expect(refusal(out).lines).toEqual([expect.stringContaining(`端口 ${held.port} 已被占用`)]);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    } finally {
      await held.close();
    }
  }, 60_000);

  it('prints the banner, serves the API and its OpenAPI naming its port, refuses a second npm start on its data directory, and stops DynamoDB Local and S3 on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sgz-start-'));
    dirs.push(dataDir);
    const [port, s3Port, dynamoPort, identityPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const child = start({
      PORT: String(port),
      S3_PORT: String(s3Port),
      DYNAMODB_PORT: String(dynamoPort),
      IDENTITY_PORT: String(identityPort),
      DATA_DIR: dataDir,
    });
    const out = collect(child);
    const done = exited(child);
    const deadline = Date.now() + 60_000;
    while (!out.stdout.includes('按 Ctrl-C 停止') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(out.stdout).toContain('npm run token -- lixia.mz');
    expect(out.stdout).toContain(`http://127.0.0.1:${identityPort}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);

    // The OpenAPI document it serves names the server it is served from, not the checked-in default port.
    const openapi = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    expect(openapi.servers[0]?.url).toBe(`http://localhost:${port}`);

    // A second npm start on the same data directory (on other ports) is refused in one line, and the first serves on.
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; port: number };
    expect(lock).toEqual({ pid: child.pid, port });
    const second = start({ ...(await freePorts()), DATA_DIR: dataDir });
    const secondOut = collect(second);
    expect(await exited(second)).toBe(1);
    const refused = refusal(secondOut);
    expect(refused.lines).toEqual([
      expect.stringContaining(
        `数据目录 ${dataDir} 已经有一个 npm start 在运行（进程 ${child.pid}，端口 ${port}）`,
      ),
    ]);
    expect(refused.lines[0]).toContain(`The local runtime already runs on ${dataDir} (pid ${child.pid}`);
    expect(refused.stackTrace).toBe(false);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

    // `npm run token` signs in at the running provider (code + PKCE) and the token opens a protected route.
    const issued = await token('lixia.mz', { DATA_DIR: dataDir });
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const stations = await fetch(`http://127.0.0.1:${port}/stations?district=370102`, {
      headers: { authorization: `Bearer ${issued.stdout.trim()}` },
    });
    expect(stations.status).toBe(200);

    // A data directory npm start does not use: the token script says so instead of printing a token that fails.
    const elsewhere = await token('lixia.mz', { DATA_DIR: join(dataDir, 'elsewhere') });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('没有找到正在运行的本地系统');

    // A stopped runtime leaves a runtime.json behind only if it was killed: simulate it and ask for a token.
    const runtimeJson = readFileSync(join(dataDir, 'runtime.json'), 'utf8');

    child.kill('SIGINT');
    expect(await done).toBe(0);
    expect(await portOpen(port)).toBe(false);
    expect(await portOpen(s3Port)).toBe(false);
    expect(await portOpen(dynamoPort)).toBe(false);
    expect(await portOpen(identityPort)).toBe(false);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    writeFileSync(join(dataDir, 'runtime.json'), runtimeJson);
    const stopped = await token('lixia.mz', { DATA_DIR: dataDir });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('没有响应');
    expect(stopped.stderr).toContain(`http://127.0.0.1:${identityPort}`);
  }, 180_000); // a whole npm start (Java, DynamoDB Local, s3rver, seed) on a busy 2-core machine
});
