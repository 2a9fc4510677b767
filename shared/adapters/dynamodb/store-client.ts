import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { crc32 } from 'node:zlib';
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { marshall, type marshallOptions, unmarshall } from '@aws-sdk/util-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * The system's DynamoDB client: the document commands of `@aws-sdk/lib-dynamodb` (same names, same inputs and
 * outputs, so the repositories read as before) sent over DynamoDB's JSON protocol by a client of about 300 lines
 * instead of the AWS SDK's DynamoDBClient.
 *
 * Why not the SDK's client: loading it is most of an HTTP function's cold start. Bundled alone it took 2.07× an
 * empty handler's init; this file with its two SDK parts (`@aws-sdk/util-dynamodb` for the attribute-value
 * marshalling, `@smithy/signature-v4` for Signature Version 4) 1.29× (docs/benchmarks.md, "1. Cold start"). The
 * SDK client's weight is its generality: the endpoint rules of every partition and FIPS/dual-stack variant, the
 * credential chain, the schema-driven serde, checksums, user-agent and defaults-mode resolution, none of which a
 * Lambda function behind one table needs. What the product relies on is kept, with the SDK's semantics:
 *
 * - **Endpoint** from the partition: `dynamodb.<region>.amazonaws.com`, `.amazonaws.com.cn` in the China regions
 *   (`cn-*`), or the configured endpoint (DynamoDB Local).
 * - **Credentials** from the environment, where Lambda puts the function role's (`AWS_ACCESS_KEY_ID`,
 *   `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`); fixed ones for DynamoDB Local.
 * - **Retries** as the SDK's standard strategy: at most `maxAttempts` attempts; throttling (back-off base 500 ms),
 *   timeouts, refused or reset connections and 5xx (base 100 ms) are retried after a full-jitter exponential
 *   back-off; a retry quota of 500 tokens (5 a retry, 10 after a timeout, 1 back per success) stops a retry storm.
 *   A TransactWriteItems gets a `ClientRequestToken` once, so a retried transaction that had been applied is not
 *   applied twice. The attempt goes out with the SDK's `amz-sdk-request: attempt=n; max=m` header.
 * - **Timeouts**: the connection must be up within `connectionTimeout`, and each attempt's answer must begin, and
 *   then keep coming, within `requestTimeout` (`TimeoutError`); `abortSignal` ends a request at once.
 * - **Integrity**: an answer whose body does not match the CRC32 DynamoDB sends with it (`x-amz-crc32`) is not
 *   read: it fails as `CRC32CheckFailed`, retried like a 5xx (a body damaged on the way is no answer).
 * - **Clock skew** as the SDK corrects it: each answer's `Date` is compared with the clock the requests are signed
 *   by; when they differ by five minutes or more, the difference is kept and signs every later request, and a
 *   request refused for its signing time (`InvalidSignatureException`, `RequestTimeTooSkewed` …) is sent again
 *   (as a retry) with the corrected time.
 * - **Errors** as the SDK throws them: `name` from the error type (`ConditionalCheckFailedException` …), `message`,
 *   `$fault`, `$metadata.httpStatusCode`, `$retryable` for throttling, and the body's other fields
 *   (`CancellationReasons`, with their `Item` unmarshalled).
 * - **Middleware** (`use`): a function around each request (after marshalling, retries inside) or each attempt,
 *   for the benchmarks' counters and the tests' fault injection (test/helpers/faults.ts).
 */

export type Operation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems';

/** A command: an operation and its input in document form (plain values, not attribute values). */
export abstract class StoreCommand<Input extends object, Output extends object> {
  abstract readonly operation: Operation;
  /** Carries the output type only. */
  declare readonly output?: Output;
  constructor(readonly input: Input) {}
}

export class GetCommand extends StoreCommand<GetCommandInput, GetCommandOutput> {
  readonly operation = 'GetItem';
}
export class PutCommand extends StoreCommand<PutCommandInput, PutCommandOutput> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends StoreCommand<UpdateCommandInput, UpdateCommandOutput> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends StoreCommand<DeleteCommandInput, DeleteCommandOutput> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends StoreCommand<QueryCommandInput, QueryCommandOutput> {
  readonly operation = 'Query';
}
export class ScanCommand extends StoreCommand<ScanCommandInput, ScanCommandOutput> {
  readonly operation = 'Scan';
}
export class BatchGetCommand extends StoreCommand<BatchGetCommandInput, BatchGetCommandOutput> {
  readonly operation = 'BatchGetItem';
}
export class BatchWriteCommand extends StoreCommand<BatchWriteCommandInput, BatchWriteCommandOutput> {
  readonly operation = 'BatchWriteItem';
}
export class TransactWriteCommand extends StoreCommand<
  TransactWriteCommandInput,
  TransactWriteCommandOutput
> {
  readonly operation = 'TransactWriteItems';
}

export type { TransactWriteCommandInput };

type Wire = Record<string, unknown>;

/** One request or one attempt as middleware sees it: the operation and its input as sent (attribute values). */
export interface StoreCall {
  readonly operation: Operation;
  readonly input: Wire;
  /** 1-based; for a request's middleware the first attempt's. */
  readonly attempt: number;
  readonly maxAttempts: number;
}
export type StoreMiddleware = (call: StoreCall, next: (call: StoreCall) => Promise<Wire>) => Promise<Wire>;

export interface StoreClientSettings {
  /** An endpoint URL (DynamoDB Local); the region's public endpoint when absent. */
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts: number;
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
  readonly marshallOptions?: marshallOptions;
}

/** DynamoDB's public endpoint in a region, by its partition: aws-cn for the China regions, aws elsewhere. */
export function dynamoDbEndpoint(region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://dynamodb.${region}.${suffix}`;
}

/** The function role's credentials, which Lambda puts in the environment. */
export function environmentCredentials(): StoreClientSettings['credentials'] {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('DynamoDB: no credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * Where a client connects and as whom: the configured endpoint (DynamoDB Local) with fixed local credentials, or,
 * without one, the region's public endpoint with the function role's credentials from the environment.
 */
export function connectionOf(
  endpoint: string | undefined,
): Pick<StoreClientSettings, 'endpoint' | 'region' | 'credentials'> {
  const region = process.env.AWS_REGION ?? 'cn-north-1';
  return endpoint
    ? { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : { region, credentials: environmentCredentials() };
}

/** An error as the SDK throws it: a name, `$fault`, `$metadata`, and for throttling `$retryable`. */
export class StoreError extends Error {
  readonly $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number; totalRetryDelay?: number };
  readonly $retryable?: { throttling: boolean };
  [field: string]: unknown;
  constructor(name: string, message: string, status: number, fields: Wire = {}, requestId?: string) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
    if (THROTTLING.has(name) || status === 429) this.$retryable = { throttling: true };
  }
}

/** The SDK's throttling error codes (@smithy/service-error-classification). */
const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'LimitExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'ThrottledException',
  'TooManyRequestsException',
  'BandwidthLimitExceeded',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
/** The SDK's clock skew error codes (@smithy/service-error-classification). */
const CLOCK_SKEW = new Set([
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);
/** How far the answer's Date may be from the signing clock before the difference is corrected (the SDK's). */
const CLOCK_SKEW_LIMIT_MS = 300_000;

type Failure = {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  /** A clock skew error whose answer corrected the signing clock: sent again with the corrected time. */
  clockSkewCorrected?: boolean;
};
const isThrottling = (e: Failure) => THROTTLING.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429;
const isTimeout = (e: Failure) => TRANSIENT_NAMES.has(e.name ?? '') || e.code === 'ETIMEDOUT';
const isRetryable = (e: Failure) =>
  isThrottling(e) ||
  isTimeout(e) ||
  TRANSIENT_CODES.has(e.code ?? '') ||
  TRANSIENT_STATUS.has(e.$metadata?.httpStatusCode ?? 0) ||
  e.name === 'CRC32CheckFailed' ||
  e.clockSkewCorrected === true;

const RETRY_QUOTA = 500;
const RETRY_COST = 5;
const TIMEOUT_RETRY_COST = 10;
const MAX_BACKOFF_MS = 20_000;

/** SHA-256 and HMAC-SHA-256 over node:crypto, in the shape SignatureV4 asks for. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
class Sha256 {
  private hash;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

type Shape = (value: unknown) => unknown;

export class StoreClient {
  private readonly url: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly signer: SignatureV4;
  private readonly requestMiddleware: StoreMiddleware[] = [];
  private readonly attemptMiddleware: StoreMiddleware[] = [];
  private retryTokens = RETRY_QUOTA;
  /** Milliseconds to add to this machine's clock to sign as DynamoDB's clock reads (see "Clock skew"). */
  private clockOffset = 0;

  constructor(private readonly settings: StoreClientSettings) {
    this.url = new URL(settings.endpoint ?? dynamoDbEndpoint(settings.region));
    const AgentOf = this.url.protocol === 'http:' ? HttpAgent : HttpsAgent;
    this.agent = new AgentOf({ keepAlive: true, maxSockets: 50 });
    this.signer = new SignatureV4({
      service: 'dynamodb',
      region: settings.region,
      credentials: settings.credentials,
      sha256: Sha256,
    });
  }

  /** Sends a command and answers its output in document form. */
  async send<I extends object, O extends object>(
    command: StoreCommand<I, O>,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<O> {
    const operation = command.operation;
    const output = await this.sendWire(operation, this.toWire(operation, command.input as Wire), options);
    return this.fromWire(operation, output) as O;
  }

  /** Sends an operation whose input is already in attribute values; answers the output as DynamoDB gives it. */
  sendWire(operation: Operation, input: Wire, options: { abortSignal?: AbortSignal } = {}): Promise<Wire> {
    const call: StoreCall = { operation, input, attempt: 1, maxAttempts: this.settings.maxAttempts };
    return compose(this.requestMiddleware, (c) => this.withRetries(c, options.abortSignal))(call);
  }

  /** Puts middleware around every request (`request`, retries inside) or every attempt; returns its removal. */
  use(middleware: StoreMiddleware, level: 'request' | 'attempt' = 'request'): () => void {
    const list = level === 'request' ? this.requestMiddleware : this.attemptMiddleware;
    list.push(middleware);
    return () => {
      const at = list.indexOf(middleware);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Closes the kept-alive connections. */
  destroy(): void {
    this.agent.destroy();
  }

  private async withRetries(call: StoreCall, abortSignal?: AbortSignal): Promise<Wire> {
    let totalRetryDelay = 0;
    let lastCost: number | undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const output = await compose(this.attemptMiddleware, (c) => this.attempt(c, abortSignal))({
          ...call,
          attempt,
        });
        this.retryTokens = Math.min(RETRY_QUOTA, this.retryTokens + (lastCost ?? 1));
        (output.$metadata as Wire) = { ...(output.$metadata as Wire), attempts: attempt, totalRetryDelay };
        return output;
      } catch (error) {
        const e = error as Failure & { $metadata?: Wire };
        const cost = isTimeout(e) ? TIMEOUT_RETRY_COST : RETRY_COST;
        const retry =
          attempt < call.maxAttempts && !abortSignal?.aborted && isRetryable(e) && this.retryTokens >= cost;
        if (!retry) {
          if (e && typeof e === 'object')
            e.$metadata = { ...e.$metadata, attempts: attempt, totalRetryDelay };
          throw error;
        }
        this.retryTokens -= cost;
        lastCost = cost;
        const base = isThrottling(e) ? 500 : 100;
        const delay = Math.floor(Math.min(MAX_BACKOFF_MS, Math.random() * 2 ** (attempt - 1) * base));
        totalRetryDelay += delay;
        await new Promise((done) => setTimeout(done, delay));
      }
    }
  }

  private async attempt(call: StoreCall, abortSignal?: AbortSignal): Promise<Wire> {
    const body = JSON.stringify(call.input);
    const signed = await this.signer.sign(
      {
        method: 'POST',
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        ...(this.url.port ? { port: Number(this.url.port) } : {}),
        path: '/',
        query: {},
        headers: {
          host: this.url.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${call.operation}`,
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      },
      { signingDate: new Date(Date.now() + this.clockOffset) },
    );
    const headers = {
      ...signed.headers,
      'amz-sdk-request': `attempt=${call.attempt}; max=${call.maxAttempts}`,
    };
    const answer = await this.post(headers, body, abortSignal);
    const requestId = answer.headers['x-amzn-requestid'] as string | undefined;
    const skewCorrected = this.correctClock(answer.headers.date);
    const sum = answer.headers['x-amz-crc32'];
    if (typeof sum === 'string' && Number(sum) !== crc32(answer.bytes)) {
      throw new StoreError(
        'CRC32CheckFailed',
        'The answer of DynamoDB does not match its CRC32: damaged on the way',
        answer.status,
        {},
        requestId,
      );
    }
    let parsed: Wire = {};
    try {
      if (answer.body) parsed = JSON.parse(answer.body) as Wire;
    } catch {
      // A refusal in another form (a proxy's page, a cut-off body) is still named by its status and retried by it;
      // an answer of 2xx that is not JSON is no answer to act on.
      if (answer.status < 300) {
        throw new StoreError(
          'DeserializationError',
          'DynamoDB answered with a body that is not JSON',
          answer.status,
        );
      }
    }
    if (answer.status >= 300) {
      const error = this.errorOf(answer.status, answer.headers, parsed, requestId);
      if (skewCorrected && CLOCK_SKEW.has(error.name)) error.clockSkewCorrected = true;
      throw error;
    }
    return { ...parsed, $metadata: { httpStatusCode: answer.status, ...(requestId ? { requestId } : {}) } };
  }

  /** Keeps the difference to an answer's `Date` when it reaches the limit; true when it changed. */
  private correctClock(date: string | undefined): boolean {
    const server = date ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(server)) return false;
    const local = Date.now();
    if (Math.abs(server - (local + this.clockOffset)) < CLOCK_SKEW_LIMIT_MS) return false;
    this.clockOffset = server - local;
    return true;
  }

  private post(
    headers: Record<string, string>,
    body: string,
    abortSignal?: AbortSignal,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: string; bytes: Buffer }> {
    const { connectionTimeout, requestTimeout } = this.settings;
    return new Promise((resolve, reject) => {
      const send = this.url.protocol === 'http:' ? httpRequest : httpsRequest;
      const req = send({
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        port: this.url.port || undefined,
        path: '/',
        method: 'POST',
        headers,
        agent: this.agent,
      });
      const timeout = (message: string) =>
        Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
      // Until the answer begins, then between any two parts of it (a body that stops coming is no answer either).
      let answer: IncomingMessage | undefined;
      const answerTimer = setTimeout(
        () => (answer ?? req).destroy(timeout(`DynamoDB did not answer within ${requestTimeout} ms`)),
        requestTimeout,
      );
      let connectTimer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(answerTimer);
        clearTimeout(connectTimer);
        abortSignal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () =>
        req.destroy(
          Object.assign(new Error('The request was aborted'), { name: 'AbortError', $metadata: {} }),
        );
      if (abortSignal?.aborted) onAbort();
      abortSignal?.addEventListener('abort', onAbort);
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () => req.destroy(timeout(`No connection to DynamoDB within ${connectionTimeout} ms`)),
          connectionTimeout,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('response', (res) => {
        answer = res;
        answerTimer.refresh();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          answerTimer.refresh();
        });
        res.on('end', () => {
          done();
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
        res.on('error', (error) => {
          done();
          reject(Object.assign(error, { $metadata: {} }));
        });
      });
      req.on('error', (error) => {
        done();
        reject(Object.assign(error, { $metadata: (error as { $metadata?: unknown }).$metadata ?? {} }));
      });
      req.end(body);
    });
  }

  private errorOf(status: number, headers: IncomingMessage['headers'], body: Wire, requestId?: string) {
    const type = String(headers['x-amzn-errortype'] ?? body.__type ?? body.code ?? '').split(':')[0] ?? '';
    const name =
      type.slice(type.lastIndexOf('#') + 1) || (status >= 500 ? 'InternalServerError' : 'UnknownError');
    const { __type: _t, message, Message, ...fields } = body;
    const reasons = fields.CancellationReasons as { Item?: Wire }[] | undefined;
    if (reasons) {
      fields.CancellationReasons = reasons.map((r) => (r.Item ? { ...r, Item: this.item(r.Item) } : r));
    }
    if (fields.Item) fields.Item = this.item(fields.Item as Wire);
    return new StoreError(name, String(message ?? Message ?? name), status, fields, requestId);
  }

  // --- Document form ⇄ attribute values, as lib-dynamodb does per command ---

  private readonly value: Shape = (v) =>
    v === undefined ? undefined : marshall(v as Record<string, unknown>, this.settings.marshallOptions);
  private readonly item = (v: unknown) => unmarshall(v as never) as Wire;
  private readonly items = (v: unknown) => (v as Wire[]).map(this.item);

  private toWire(operation: Operation, input: Wire): Wire {
    const out = map(input, { Key: this.value, Item: this.value, ExpressionAttributeValues: this.value });
    switch (operation) {
      case 'Query':
      case 'Scan':
        return map(out, { ExclusiveStartKey: this.value });
      case 'BatchGetItem':
        return map(out, {
          RequestItems: (tables) =>
            mapValues(tables, (t) => map(t as Wire, { Keys: (k) => (k as Wire[]).map(this.value) })),
        });
      case 'BatchWriteItem':
        return map(out, {
          RequestItems: (tables) =>
            mapValues(tables, (requests) =>
              (requests as Wire[]).map((r) =>
                map(r, {
                  PutRequest: (p) => map(p as Wire, { Item: this.value }),
                  DeleteRequest: (d) => map(d as Wire, { Key: this.value }),
                }),
              ),
            ),
        });
      case 'TransactWriteItems': {
        const inner = (x: unknown) =>
          map(x as Wire, { Key: this.value, Item: this.value, ExpressionAttributeValues: this.value });
        return {
          ...map(out, {
            TransactItems: (items) =>
              (items as Wire[]).map((t) =>
                map(t, { ConditionCheck: inner, Put: inner, Delete: inner, Update: inner }),
              ),
          }),
          ClientRequestToken: out.ClientRequestToken ?? randomUUID(),
        };
      }
      default:
        return out;
    }
  }

  private fromWire(operation: Operation, output: Wire): Wire {
    const out = map(output, {
      Item: this.item,
      Attributes: this.item,
      Items: this.items,
      LastEvaluatedKey: this.item,
    });
    switch (operation) {
      case 'BatchGetItem':
        return map(out, {
          Responses: (tables) => mapValues(tables, this.items),
          UnprocessedKeys: (tables) => mapValues(tables, (t) => map(t as Wire, { Keys: this.items })),
        });
      case 'BatchWriteItem':
        return map(out, {
          UnprocessedItems: (tables) =>
            mapValues(tables, (requests) =>
              (requests as Wire[]).map((r) =>
                map(r, {
                  PutRequest: (p) => map(p as Wire, { Item: this.item }),
                  DeleteRequest: (d) => map(d as Wire, { Key: this.item }),
                }),
              ),
            ),
        });
      default:
        return out;
    }
  }
}

/** A copy of `object` with the fields named in `shapes` (those present) passed through their function. */
function map(object: Wire, shapes: Record<string, Shape>): Wire {
  const out = { ...object };
  for (const [field, shape] of Object.entries(shapes)) {
    if (out[field] !== undefined) out[field] = shape(out[field]);
  }
  return out;
}

function mapValues(object: unknown, shape: Shape): Wire {
  return Object.fromEntries(Object.entries(object as Wire).map(([k, v]) => [k, shape(v)]));
}

function compose(
  middleware: readonly StoreMiddleware[],
  last: (call: StoreCall) => Promise<Wire>,
): (call: StoreCall) => Promise<Wire> {
  return middleware.reduceRight<(call: StoreCall) => Promise<Wire>>(
    (next, m) => (call) => m(call, next),
    last,
  );
}
