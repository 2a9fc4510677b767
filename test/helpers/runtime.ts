import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#infra/local/ports';
import { type LocalRuntime, type RuntimeOptions, startLocalRuntime } from '#infra/local/runtime';

/**
 * The local runtime on free ports, in-memory DynamoDB, a throw-away data directory. `persistent`: DynamoDB Local
 * keeps its data on disk in that directory, as `npm start` does (for tests that kill and restart the store).
 */
export async function startTestRuntime(
  options: Pick<RuntimeOptions, 'verifier'> & { persistent?: boolean } = {},
): Promise<LocalRuntime & { readonly dataDir: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sgz-e2e-'));
  const { persistent, ...rest } = options;
  const start = async () =>
    startLocalRuntime({
      // The API listens on any free port itself; the stores need theirs named before they start, and another
      // test file running at the same time may take one in between (EADDRINUSE): the runtime, which stops what
      // it started when it fails, is then started again on other ports.
      port: 0,
      s3Port: await freePort(),
      dynamoPort: await freePort(),
      dataDir,
      inMemory: !persistent,
      schedules: false,
      ...rest,
    });
  let runtime: LocalRuntime | undefined;
  for (let attempt = 1; !runtime; attempt++) {
    try {
      runtime = await start();
    } catch (error) {
      if (attempt >= 3 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  return {
    ...runtime,
    dataDir,
    dispose: async () => {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  readonly status: number;
  readonly contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of every route's shape.
  readonly body: any;
}

/** An HTTP client for the runtime, with tokens fetched from `POST /local/token` as a user would. */
export function apiClient(baseUrl: string) {
  const tokens = new Map<string, string>();
  const token = async (username: string): Promise<string> => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await fetch(`${baseUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    if (res.status !== 200) throw new Error(`no token for ${username}: ${res.status}`);
    const value = ((await res.json()) as { token: string }).token;
    tokens.set(username, value);
    return value;
  };
  return async (
    method: string,
    path: string,
    options: { as?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await token(options.as)}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return {
      status: res.status,
      contentType,
      body: text && contentType.includes('json') ? JSON.parse(text) : text,
    };
  };
}
