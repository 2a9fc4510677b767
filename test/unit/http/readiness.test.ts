import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/http/meta/get-readiness.handler';
import { lambdaContext } from '#infra/local/api-gateway';
import { freePort } from '#infra/local/ports';
import { READINESS_TIMEOUT_MS } from '#shared/adapters/readiness';
import { OBJECT_CHECK_TIMEOUT_MS, objectExists, putObject } from '#shared/adapters/s3/presign';
import { RETRY_AFTER_SECONDS } from '#shared/adapters/store-timeouts';
import { problemResponse, toDomainError } from '#shared/http/problem';

const CJK = /[\u4e00-\u9fff]/;

const event = (): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'GET /health/ready',
    rawPath: '/health/ready',
    rawQueryString: '',
    headers: {},
    requestContext: {
      requestId: `ready-${Math.random().toString(36).slice(2)}`,
      routeKey: 'GET /health/ready',
      http: {
        method: 'GET',
        path: '/health/ready',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 't',
      },
    },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

async function ready() {
  const started = Date.now();
  const response = await handler(event(), lambdaContext('getReadiness'));
  return { ...response, ms: Date.now() - started, problem: JSON.parse(String(response.body)) };
}

/**
 * Readiness and the voucher check against stores that are not there: a port nothing listens on (refused) and a
 * server that accepts connections and never answers (a hung store). Both answer within their bounds, 503 with
 * Retry-After, never at the function's timeout.
 */
describe('readiness and the S3 object check against a dead or silent store', () => {
  let silent: Server;
  let silentPort = 0;
  const sockets = new Set<Socket>();
  const saved = { dynamo: process.env.DYNAMODB_ENDPOINT, s3: process.env.S3_ENDPOINT };

  beforeAll(async () => {
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
    for (const [name, value] of [
      ['DYNAMODB_ENDPOINT', saved.dynamo],
      ['S3_ENDPOINT', saved.s3],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('answers 503 NOT_READY naming both stores at once when neither accepts connections', async () => {
    process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
    process.env.S3_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
    const answer = await ready();
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['content-type']).toContain('application/problem+json');
    expect(answer.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(answer.problem).toMatchObject({ status: 503, code: 'NOT_READY' });
    expect(answer.problem.title).toBe('服务未就绪：数据库（DynamoDB）和文件存储（S3）暂不可用');
    expect(answer.problem.detail).toContain('数据库（DynamoDB）无法连接');
    expect(answer.problem.detail).toContain('文件存储（S3）无法连接');
    expect(answer.ms).toBeLessThan(2_000);
  });

  it('answers within its timeout when S3 accepts connections and never answers, naming S3 as not answering', async () => {
    process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
    process.env.S3_ENDPOINT = `http://127.0.0.1:${silentPort}`;
    const answer = await ready();
    expect(answer.statusCode).toBe(503);
    expect(answer.problem.code).toBe('NOT_READY');
    expect(answer.problem.detail).toContain('文件存储（S3）未在时限内响应');
    expect(answer.problem.detail).toMatch(CJK);
    expect(answer.ms).toBeGreaterThanOrEqual(READINESS_TIMEOUT_MS.local - 100);
    expect(answer.ms).toBeLessThan(READINESS_TIMEOUT_MS.local + 1_500);
    console.log(`readiness against a silent S3: 503 NOT_READY in ${answer.ms} ms`);
  }, 20_000);

  it('gives up checking a voucher in a silent S3 within its budget, as 503 STORE_UNAVAILABLE', async () => {
    process.env.S3_ENDPOINT = `http://127.0.0.1:${silentPort}`;
    const started = Date.now();
    const thrown = await objectExists('reports', 'vouchers/x/01JD00000000000000000000AA.pdf').catch(
      (e: unknown) => e,
    );
    const ms = Date.now() - started;
    expect((thrown as Error).name).toBe('ServiceUnavailable');
    expect(ms).toBeLessThan(OBJECT_CHECK_TIMEOUT_MS.total.local + 1_000);
    const problem = problemResponse(toDomainError(thrown));
    expect(problem.statusCode).toBe(503);
    expect(JSON.parse(String(problem.body)).code).toBe('STORE_UNAVAILABLE');
    expect(problem.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    console.log(`voucher check against a silent S3: given up after ${ms} ms → 503 STORE_UNAVAILABLE`);
  }, 30_000);

  it("puts an export's file: refused connections give 503 STORE_UNAVAILABLE after the retries, a 403 is thrown at once", async () => {
    process.env.S3_ENDPOINT = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const down = await putObject(
      'reports',
      'exports/x.xlsx',
      new Uint8Array([1, 2, 3]),
      'application/zip',
    ).catch((e: unknown) => e);
    expect((down as Error).name).toBe('ServiceUnavailable');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(problemResponse(toDomainError(down)).statusCode).toBe(503);

    let received = 0;
    const refusing = createHttpServer((req, res) => {
      received += 1;
      req.resume();
      req.on('end', () => res.writeHead(403).end());
    });
    await new Promise<void>((ok) => refusing.listen(0, '127.0.0.1', () => ok()));
    const address = refusing.address();
    process.env.S3_ENDPOINT = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const refused = await putObject(
        'reports',
        'exports/x.xlsx',
        new Uint8Array([1]),
        'application/zip',
      ).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        name: 'ObjectRequestRefused',
        message: 'PUT reports/exports/x.xlsx: 403',
      });
      expect(received).toBe(1);
    } finally {
      await new Promise<void>((ok) => refusing.close(() => ok()));
    }
  }, 30_000);
});
