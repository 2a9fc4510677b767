import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';

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
    const child = start({ PATH: bin });
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

  it('prints the banner, serves the API, and stops DynamoDB Local and S3 on Ctrl-C', async () => {
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
    while (!out.stdout.includes('Ctrl-C to stop') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(out.stdout).toContain('npm run token -- lixia.mz');
    expect(out.stdout).toContain(`http://127.0.0.1:${identityPort}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);

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

    writeFileSync(join(dataDir, 'runtime.json'), runtimeJson);
    const stopped = await token('lixia.mz', { DATA_DIR: dataDir });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('没有响应');
    expect(stopped.stderr).toContain(`http://127.0.0.1:${identityPort}`);
  }, 180_000); // a whole npm start (Java, DynamoDB Local, s3rver, seed) on a busy 2-core machine
});
