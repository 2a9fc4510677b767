import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { NOTICE_CHANNELS_ENV, SMS_ENV, WEBHOOK_ENV } from '#shared/config';

/**
 * Where SMS and webhook requests go locally: an HTTP server that records every request it receives — method, path
 * and query, headers, raw body — as one JSON line in a file, and answers 200 with a body every adapter reads as
 * accepted. It verifies nothing: the tests read the file and check the format and the signature themselves, as
 * the provider or the city's bus would. `respond` lets a test make it fail on purpose (retries, timeouts).
 */
export interface SinkRequest {
  readonly at: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface LocalSink {
  readonly url: string;
  readonly file: string;
  stop(): Promise<void>;
}

/** Accepted by each adapter: Aliyun's Code, Tencent's SendStatusSet, the robots' errcode; generic reads the 200. */
export const ACCEPTED_BODY = JSON.stringify({
  Code: 'OK',
  Message: 'OK',
  Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }], RequestId: 'local-sink' },
  errcode: 0,
  errmsg: 'ok',
});

export type SinkAnswer = { readonly status: number; readonly body?: string } | 'hang';

export async function startSink(options: {
  readonly port: number;
  readonly file: string;
  readonly respond?: (request: SinkRequest) => SinkAnswer;
  /** Answers this long after the request arrived: a gateway's round trip (the benchmark's stated latency). */
  readonly delayMs?: number;
}): Promise<LocalSink> {
  mkdirSync(dirname(options.file), { recursive: true });
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SinkRequest = {
        at: new Date().toISOString(),
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const recorded = appendFile(options.file, `${JSON.stringify(request)}\n`, 'utf8');
      const answered = options.delayMs
        ? Promise.all([recorded, new Promise((ok) => setTimeout(ok, options.delayMs))])
        : recorded;
      void answered.then(() => {
        const answer = options.respond?.(request) ?? { status: 200, body: ACCEPTED_BODY };
        if (answer === 'hang') {
          hanging.add(res);
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(answer.body ?? '{}');
      });
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    file: options.file,
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** A throw-away secret file (owner-readable only), made once in the data directory. */
function localSecret(file: string, value: () => Record<string, string>): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(value()), { mode: 0o600 });
  }
  return `file:${file}`;
}

const random = () => randomBytes(24).toString('base64url');

/** The SMS template every notice type uses locally: its kind and title (zh-CN, short). */
export const LOCAL_SMS_TEMPLATES = {
  default: { templateId: 'SGZ_NOTICE', params: { kind: 'kind', title: 'title' } },
};

/**
 * Starts the sink and points the local SMS channel (provider `generic`, unless SMS_PROVIDER says another) and the
 * webhook (format `signed`) at it, with secrets in files under the data directory. Settings already in the
 * environment are kept.
 */
export async function startLocalChannels(dataDir: string, port: number): Promise<LocalSink> {
  const sink = await startSink({ port, file: join(dataDir, 'sink', 'requests.jsonl') });
  const env = process.env;
  env[NOTICE_CHANNELS_ENV] ??= 'sms,webhook';
  env[SMS_ENV.provider] ??= 'generic';
  env[SMS_ENV.endpoint] ??= `${sink.url}/sms`;
  env[SMS_ENV.signName] ??= '济南社工站';
  env[SMS_ENV.appId] ??= '1400000000';
  env[SMS_ENV.templates] ??= JSON.stringify(LOCAL_SMS_TEMPLATES);
  env[SMS_ENV.secret] ??= localSecret(join(dataDir, 'secrets', 'sms.json'), () => ({
    secret: random(),
    accessKeyId: `LOCAL${random().slice(0, 12)}`,
    accessKeySecret: random(),
    secretId: `AKIDLOCAL${random().slice(0, 12)}`,
    secretKey: random(),
  }));
  env[WEBHOOK_ENV.format] ??= 'signed';
  env[WEBHOOK_ENV.url] ??= `${sink.url}/webhook`;
  env[WEBHOOK_ENV.secret] ??= localSecret(join(dataDir, 'secrets', 'webhook.json'), () => ({
    secret: random(),
    key: random(),
    accessToken: random(),
  }));
  return sink;
}
