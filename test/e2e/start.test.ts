import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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
    const [port, s3Port, dynamoPort] = [await freePort(), await freePort(), await freePort()];
    const child = start({
      PORT: String(port),
      S3_PORT: String(s3Port),
      DYNAMODB_PORT: String(dynamoPort),
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
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);

    child.kill('SIGINT');
    expect(await done).toBe(0);
    expect(await portOpen(port)).toBe(false);
    expect(await portOpen(s3Port)).toBe(false);
    expect(await portOpen(dynamoPort)).toBe(false);
  }, 120_000); // a whole npm start (Java, DynamoDB Local, s3rver, seed) on a busy 2-core machine
});
