import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';
import { GetCommand, StoreClient } from '#shared/adapters/dynamodb/store-client';
import {
  REQUEST_TIMEOUT_MS,
  RETRY_AFTER_SECONDS,
  STORE_MAX_ATTEMPTS,
  storeClientSettings,
} from '#shared/adapters/store-timeouts';
import { problemResponse, toDomainError } from '#shared/http/problem';

const CJK = /[\u4e00-\u9fff]/;

/** The functions' DynamoDB client with the settings they are deployed with (no local endpoint allowance). */
const deployedClient = (port: number) => {
  const { maxAttempts, requestHandler } = storeClientSettings('dynamodb', false);
  return new StoreClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
    connectionTimeout: requestHandler.connectionTimeout,
    requestTimeout: requestHandler.requestTimeout,
  });
};
const probe = new GetCommand({ TableName: 'sgz-main', Key: { pk: 'p', sk: 's' } });

/** What the caller of a route would get for the error the client finally threw. */
function answerFor(thrown: unknown) {
  const response = problemResponse(toDomainError(thrown));
  return { ...response, problem: JSON.parse(String(response.body)) };
}

describe('a store that is not there is answered 503 STORE_UNAVAILABLE with Retry-After, within seconds', () => {
  let silent: Server;
  let silentPort = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers: a store process stopped (SIGSTOP) or a network that drops replies.
    silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()));
    const address = silent.address();
    silentPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((ok) => silent.close(() => ok()));
  });

  it('gives up on a store that refuses connections within a second or two, not with a 500', async () => {
    const started = Date.now();
    const thrown = await deployedClient(await freePort())
      .send(probe)
      .catch((e: unknown) => e);
    const ms = Date.now() - started;
    expect((thrown as { code?: string }).code).toBe('ECONNREFUSED');
    expect((thrown as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(STORE_MAX_ATTEMPTS);
    expect(ms).toBeLessThan(2_000);
    const answer = answerFor(thrown);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(answer.headers?.['content-type']).toContain('application/problem+json');
    expect(answer.problem).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    expect(answer.problem.title).toMatch(CJK);
    expect(answer.problem.detail).toMatch(CJK);
    console.log(`refused: ${STORE_MAX_ATTEMPTS} attempts, given up after ${ms} ms → 503 STORE_UNAVAILABLE`);
  });

  it('gives up on a store that accepts and never answers after its bounded attempts, far below the function timeout', async () => {
    const started = Date.now();
    const thrown = await deployedClient(silentPort)
      .send(probe)
      .catch((e: unknown) => e);
    const ms = Date.now() - started;
    expect((thrown as { name?: string }).name).toBe('TimeoutError');
    const perAttempt = REQUEST_TIMEOUT_MS.dynamodb;
    // Three attempts of 2 s each and the backoff between them: about 6.6 s, never the 15 s of a Lambda function.
    expect(ms).toBeGreaterThanOrEqual(STORE_MAX_ATTEMPTS * perAttempt - 100);
    expect(ms).toBeLessThan(STORE_MAX_ATTEMPTS * perAttempt + 2_000);
    const answer = answerFor(thrown);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(answer.problem.code).toBe('STORE_UNAVAILABLE');
    console.log(
      `silent: ${STORE_MAX_ATTEMPTS} attempts × ${perAttempt} ms, given up after ${ms} ms → 503 STORE_UNAVAILABLE`,
    );
  }, 20_000);
});
