import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchGetCommand,
  BatchWriteCommand,
  connectionOf,
  DeleteCommand,
  dynamoDbEndpoint,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  StoreClient,
  type StoreClientSettings,
  TransactWriteCommand,
  UpdateCommand,
} from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { freshTables } from '#test/helpers/tables';

/**
 * The system's DynamoDB client (shared/adapters/dynamodb/store-client.ts), which replaced the AWS SDK's
 * DynamoDBClient in every function: every document command against DynamoDB Local, the errors as the
 * repositories read them, and, against a small HTTP server standing in for DynamoDB where a fault is needed,
 * its signature, retries, idempotency token and timeouts.
 */
const local = (): StoreClientSettings => ({
  endpoint: process.env.DYNAMODB_ENDPOINT as string,
  region: 'cn-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 3,
  connectionTimeout: 1_000,
  requestTimeout: 8_000,
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

describe('against DynamoDB Local', () => {
  let client: StoreClient;
  const table = () => tableName('main');
  beforeAll(async () => {
    await freshTables({ seed: false });
    client = new StoreClient(local());
  });
  afterAll(() => client.destroy());

  it('puts, gets, updates and deletes an item in document form, nested values, sets and numbers kept', async () => {
    const item = {
      pk: 'SC#1',
      sk: 'ITEM',
      name: '历下区社会工作服务站',
      amountFen: 1_234_567,
      tags: new Set(['a', 'b']),
      nested: { list: [1, 'two', { three: true }], empty: null },
      dropped: undefined,
    };
    await client.send(new PutCommand({ TableName: table(), Item: item }));
    const got = await client.send(new GetCommand({ TableName: table(), Key: { pk: 'SC#1', sk: 'ITEM' } }));
    expect(got.Item).toEqual({
      pk: 'SC#1',
      sk: 'ITEM',
      name: '历下区社会工作服务站',
      amountFen: 1_234_567,
      tags: new Set(['a', 'b']),
      nested: { list: [1, 'two', { three: true }], empty: null },
    });
    expect(got.$metadata.httpStatusCode).toBe(200);
    const updated = await client.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: 'SC#1', sk: 'ITEM' },
        UpdateExpression: 'SET amountFen = amountFen + :d',
        ExpressionAttributeValues: { ':d': 33 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(updated.Attributes).toEqual({ amountFen: 1_234_600 });
    const deleted = await client.send(
      new DeleteCommand({ TableName: table(), Key: { pk: 'SC#1', sk: 'ITEM' }, ReturnValues: 'ALL_OLD' }),
    );
    expect(deleted.Attributes?.name).toBe('历下区社会工作服务站');
    const gone = await client.send(new GetCommand({ TableName: table(), Key: { pk: 'SC#1', sk: 'ITEM' } }));
    expect(gone.Item).toBeUndefined();
  });

  it('pages a query and a scan with the last evaluated key, and writes and reads in batches', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      pk: 'SC#Q',
      sk: `I#${String(i).padStart(2, '0')}`,
      i,
    }));
    for (let at = 0; at < items.length; at += 25) {
      const out = await client.send(
        new BatchWriteCommand({
          RequestItems: { [table()]: items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      expect(out.UnprocessedItems ?? {}).toEqual({});
    }
    const seen: number[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': 'SC#Q', ':p': 'I#' },
          Limit: 7,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      pages += 1;
      for (const item of page.Items ?? []) seen.push(item.i as number);
      start = page.LastEvaluatedKey;
      if (start) expect(start).toMatchObject({ pk: 'SC#Q' });
    } while (start);
    expect(seen).toEqual(items.map((i) => i.i));
    expect(pages).toBe(5);

    const batch = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [table()]: {
            Keys: [
              { pk: 'SC#Q', sk: 'I#03' },
              { pk: 'SC#Q', sk: 'I#29' },
            ],
          },
        },
      }),
    );
    expect((batch.Responses?.[table()] ?? []).map((i) => i.i).sort()).toEqual([29, 3]);

    const scanned = await client.send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'pk = :pk AND i >= :min',
        ExpressionAttributeValues: { ':pk': 'SC#Q', ':min': 25 },
      }),
    );
    expect((scanned.Items ?? []).map((i) => i.i).sort()).toEqual([25, 26, 27, 28, 29]);
  });

  it('answers a failed condition as ConditionalCheckFailedException, as the SDK names it', async () => {
    await client.send(new PutCommand({ TableName: table(), Item: { pk: 'SC#C', sk: 'ITEM', v: 1 } }));
    const error = await client
      .send(
        new PutCommand({
          TableName: table(),
          Item: { pk: 'SC#C', sk: 'ITEM', v: 2 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ConditionalCheckFailedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    const still = await client.send(new GetCommand({ TableName: table(), Key: { pk: 'SC#C', sk: 'ITEM' } }));
    expect(still.Item?.v).toBe(1);
  });

  it('cancels a transaction with its reasons, one per item, and applies nothing of it', async () => {
    const error = await client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table(), Item: { pk: 'SC#T', sk: 'A', v: 1 } } },
            {
              Put: {
                TableName: table(),
                Item: { pk: 'SC#C', sk: 'ITEM', v: 3 },
                ConditionExpression: 'v = :v',
                ExpressionAttributeValues: { ':v': 99 },
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    const none = await client.send(new GetCommand({ TableName: table(), Key: { pk: 'SC#T', sk: 'A' } }));
    expect(none.Item).toBeUndefined();
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table(), Item: { pk: 'SC#T', sk: 'A', v: 1 } } },
          {
            Update: {
              TableName: table(),
              Key: { pk: 'SC#C', sk: 'ITEM' },
              UpdateExpression: 'SET v = :n',
              ConditionExpression: 'v = :v',
              ExpressionAttributeValues: { ':v': 1, ':n': 4 },
            },
          },
        ],
      }),
    );
    const both = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [table()]: {
            Keys: [
              { pk: 'SC#T', sk: 'A' },
              { pk: 'SC#C', sk: 'ITEM' },
            ],
          },
        },
      }),
    );
    expect((both.Responses?.[table()] ?? []).map((i) => i.v).sort()).toEqual([1, 4]);
  });

  it('names a request DynamoDB refuses as ValidationException, not retried', async () => {
    const error = await client
      .send(new GetCommand({ TableName: table(), Key: { nope: 'x' } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });
});

/** A stand-in for DynamoDB that answers each request as `answer` says, and keeps what it received. */
function standIn(answer: (n: number, req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body });
      answer(received.length, req, body, res);
    });
  });
  return {
    received,
    start: () =>
      new Promise<string>((ok) =>
        server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': `req-${status}`,
  });
  res.end(JSON.stringify(body));
};

const settings = (endpoint: string, over: Partial<StoreClientSettings> = {}): StoreClientSettings => ({
  endpoint,
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 3,
  connectionTimeout: 1_000,
  requestTimeout: 2_000,
  ...over,
});

/** Signature Version 4 computed here from its specification, to check the client's. */
function expectedSignature(
  headers: IncomingMessage['headers'],
  body: string,
  secret: string,
  signedHeaders: string[],
): string {
  const amzDate = String(headers['x-amz-date']);
  const day = amzDate.slice(0, 8);
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${String(headers[h]).trim()}\n`).join('');
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  const canonical = ['POST', '/', '', canonicalHeaders, signedHeaders.join(';'), hash(body)].join('\n');
  const scope = `${day}/cn-north-1/dynamodb/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hash(canonical)].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), 'cn-north-1'), 'dynamodb'), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('against a stand-in for DynamoDB', () => {
  it('reaches the partition’s endpoint: amazonaws.com.cn in the China regions', () => {
    expect(dynamoDbEndpoint('cn-north-1')).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
    expect(dynamoDbEndpoint('cn-northwest-1')).toBe('https://dynamodb.cn-northwest-1.amazonaws.com.cn');
    expect(dynamoDbEndpoint('ap-east-1')).toBe('https://dynamodb.ap-east-1.amazonaws.com');
  });

  it('connects to DynamoDB Local with local credentials, otherwise as the function role the environment names', () => {
    expect(connectionOf('http://127.0.0.1:8000')).toMatchObject({
      endpoint: 'http://127.0.0.1:8000',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        AWS_REGION: 'cn-northwest-1',
        AWS_ACCESS_KEY_ID: 'ASIAROLE',
        AWS_SECRET_ACCESS_KEY: 'secret-of-the-role',
        AWS_SESSION_TOKEN: 'token-of-the-role',
      });
      const deployed = connectionOf(undefined);
      expect(deployed).toEqual({
        region: 'cn-northwest-1',
        credentials: {
          accessKeyId: 'ASIAROLE',
          secretAccessKey: 'secret-of-the-role',
          sessionToken: 'token-of-the-role',
        },
      });
      expect(new URL(dynamoDbEndpoint(deployed.region)).host).toBe(
        'dynamodb.cn-northwest-1.amazonaws.com.cn',
      );
      delete process.env.AWS_ACCESS_KEY_ID;
      expect(() => connectionOf(undefined)).toThrow(/AWS_ACCESS_KEY_ID/);
    } finally {
      for (const k of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('signs each request with Signature Version 4, the session token among the signed headers', async () => {
    const server = standIn((_n, _req, _body, res) => json(res, 200, { Item: { pk: { S: 'a' } } }));
    const endpoint = await server.start();
    const client = new StoreClient(
      settings(endpoint, {
        credentials: {
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          sessionToken: 'token-of-the-role',
        },
      }),
    );
    try {
      const out = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
      expect(out.Item).toEqual({ pk: 'a' });
      const [sent] = server.received;
      const auth = String(sent?.headers.authorization);
      const match =
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/cn-north-1\/dynamodb\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
          auth,
        );
      expect(match).not.toBeNull();
      const signed = (match?.[2] ?? '').split(';');
      expect(signed).toEqual(
        expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target', 'x-amz-security-token']),
      );
      expect(sent?.headers['x-amz-security-token']).toBe('token-of-the-role');
      expect(sent?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
      expect(sent?.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(JSON.parse(sent?.body ?? '{}')).toEqual({ TableName: 't', Key: { pk: { S: 'a' } } });
      expect(match?.[3]).toBe(
        expectedSignature(
          sent?.headers ?? {},
          sent?.body ?? '',
          'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          signed,
        ),
      );
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('retries throttling and a 5xx, and sends a transaction again with the same ClientRequestToken', async () => {
    const server = standIn((n, _req, _body, res) =>
      n === 1
        ? json(res, 400, {
            __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
            message: 'Rate exceeded',
          })
        : n === 2
          ? json(res, 500, {
              __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
              message: 'oops',
            })
          : json(res, 200, {}),
    );
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint));
    try {
      const out = await client.send(
        new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a' } } }] }),
      );
      expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 3 });
      const tokens = server.received.map((r) => JSON.parse(r.body).ClientRequestToken as string);
      expect(tokens).toHaveLength(3);
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.received.map((r) => r.headers['amz-sdk-request'])).toEqual([
        'attempt=1; max=3',
        'attempt=2; max=3',
        'attempt=3; max=3',
      ]);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('retries a 503 whose body is not JSON (a proxy’s page) by its status, and then succeeds', async () => {
    const server = standIn((n, _req, _body, res) => {
      if (n === 1) {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html><body>Service Unavailable</body></html>');
      } else json(res, 200, { Item: { pk: { S: 'a' }, n: { N: '7' } } });
    });
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint));
    try {
      const out = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
      expect(out.Item).toEqual({ pk: 'a', n: 7 });
      expect(out.$metadata).toMatchObject({ attempts: 2 });
      expect(server.received).toHaveLength(2);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('gives up after its attempts with the last error, throttling marked retryable', async () => {
    const server = standIn((_n, _req, _body, res) =>
      json(res, 400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
      }),
    );
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint));
    try {
      const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch((e) => e);
      expect(error).toMatchObject({
        name: 'ProvisionedThroughputExceededException',
        $retryable: { throttling: true },
        $metadata: { httpStatusCode: 400, attempts: 3 },
      });
      expect(server.received).toHaveLength(3);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('does not read an answer whose body does not match its x-amz-crc32: retried, then the good one is taken', async () => {
    const item = JSON.stringify({ Item: { pk: { S: 'a' }, n: { N: '100' } } });
    const damaged = item.replace('100', '900');
    const answer = (res: ServerResponse, body: string) => {
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-crc32': String(crc32(item)),
      });
      res.end(body);
    };
    const once = standIn((n, _req, _body, res) => answer(res, n === 1 ? damaged : item));
    const always = standIn((_n, _req, _body, res) => answer(res, damaged));
    const clients = [
      new StoreClient(settings(await once.start())),
      new StoreClient(settings(await always.start())),
    ];
    try {
      const out = await clients[0]?.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
      expect(out?.Item).toEqual({ pk: 'a', n: 100 });
      expect(out?.$metadata.attempts).toBe(2);
      const error = await clients[1]
        ?.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }))
        .catch((e) => e);
      expect(error).toMatchObject({ name: 'CRC32CheckFailed', $metadata: { attempts: 3 } });
      expect(always.received).toHaveLength(3);
    } finally {
      for (const client of clients) client?.destroy();
      await Promise.all([once.stop(), always.stop()]);
    }
  });

  it("corrects a clock an hour off from DynamoDB's Date and sends the refused request again, signed by it", async () => {
    const AHEAD_MS = 3_600_000;
    const serverNow = () => Date.now() + AHEAD_MS;
    const signedAt = (req: IncomingMessage) =>
      Date.parse(
        String(req.headers['x-amz-date']).replace(
          /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
          '$1-$2-$3T$4:$5:$6Z',
        ),
      );
    // DynamoDB refuses a request signed more than five minutes from its own clock.
    const server = standIn((_n, req, _body, res) => {
      const date = new Date(serverNow()).toUTCString();
      if (Math.abs(signedAt(req) - serverNow()) > 300_000) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', date });
        res.end(
          JSON.stringify({
            __type: 'com.amazon.coral.service#InvalidSignatureException',
            message: 'Signature expired: 20261208T000000Z is now earlier than 20261208T005500Z',
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', date });
      res.end('{}');
    });
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint));
    try {
      const first = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
      expect(first.$metadata.attempts).toBe(2);
      // Every later request is signed by the corrected clock the first time.
      const second = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'b' } }));
      expect(second.$metadata.attempts).toBe(1);
      const times = server.received.map((r) => signedAt(r as unknown as IncomingMessage) - Date.now());
      expect(times).toHaveLength(3);
      expect(Math.abs(times[0] ?? 0)).toBeLessThan(60_000);
      expect(Math.abs((times[1] ?? 0) - AHEAD_MS)).toBeLessThan(60_000);
      expect(Math.abs((times[2] ?? 0) - AHEAD_MS)).toBeLessThan(60_000);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('gives up on a refused signature at once when the clock was not off: nothing to correct', async () => {
    const server = standIn((_n, _req, _body, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', date: new Date().toUTCString() });
      res.end(
        JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'no' }),
      );
    });
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint));
    try {
      const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch((e) => e);
      expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { attempts: 1 } });
      expect(server.received).toHaveLength(1);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('stops waiting for an answer after the request timeout, on every attempt, and says TimeoutError', async () => {
    const server = standIn(() => undefined);
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint, { requestTimeout: 300, maxAttempts: 2 }));
    try {
      const started = Date.now();
      const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch((e) => e);
      const took = Date.now() - started;
      expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
      expect(server.received).toHaveLength(2);
      expect(took).toBeGreaterThanOrEqual(600);
      expect(took).toBeLessThan(5_000);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('gives up on an answer whose body stops coming, as on one that never begins', async () => {
    const server = standIn((_n, _req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': '400' });
      res.write('{"Item":{"pk":{"S":"a"}');
    });
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint, { requestTimeout: 300, maxAttempts: 2 }));
    try {
      const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch((e) => e);
      expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
      expect(server.received).toHaveLength(2);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  it('says ECONNREFUSED, after its retries, when nothing listens', async () => {
    const server = standIn(() => undefined);
    const endpoint = await server.start();
    await server.stop();
    const client = new StoreClient(settings(endpoint));
    try {
      const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch((e) => e);
      expect(error).toMatchObject({ code: 'ECONNREFUSED', $metadata: { attempts: 3 } });
    } finally {
      client.destroy();
    }
  });

  it('ends a request at once when its abort signal fires', async () => {
    const server = standIn(() => undefined);
    const endpoint = await server.start();
    const client = new StoreClient(settings(endpoint, { requestTimeout: 10_000 }));
    try {
      const started = Date.now();
      const error = await client
        .send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }), { abortSignal: AbortSignal.timeout(200) })
        .catch((e) => e);
      expect(error).toMatchObject({ name: 'AbortError', $metadata: { attempts: 1 } });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});
