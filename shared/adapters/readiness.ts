import { connectionOf, GetCommand, StoreClient } from '#shared/adapters/dynamodb/store-client';
import { READINESS_PROBE } from '#shared/adapters/readiness-probe';
import { presignedUrl } from '#shared/adapters/s3/presign';
import { CONNECTION_TIMEOUT_MS } from '#shared/adapters/store-timeouts';
import { dynamoEndpoint, tableName } from '#shared/config';
import { logger } from '#shared/http/logger';

/**
 * Readiness (`GET /health/ready`): whether the two stores the system cannot serve without answer now. Liveness
 * (`GET /health`) says only that the process runs.
 *
 * - DynamoDB: a GetItem of one fixed key of the main table (./readiness-probe.ts, never written): an answer, with
 *   or without an item, means the table answers.
 * - S3: a presigned HEAD of one fixed key of the reports bucket (`READINESS_PROBE.objectKey`, never written): 200 or
 *   404 means the bucket answers (S3 says 404 rather than 403 because the role may list exactly that key).
 *
 * Each probe is one attempt (no retries) bounded by `READINESS_TIMEOUT_MS` (connection and answer together), both
 * at once, so the answer comes within that time even when a store accepts connections and never answers. The
 * function's role may do exactly these two reads (infra/constructs/app-function.construct.ts `bindStoreProbe`).
 */

/** Deployed a store answers in milliseconds; locally DynamoDB Local and s3rver share a busy machine. */
export const READINESS_TIMEOUT_MS = { deployed: 1_500, local: 4_000 } as const;

export type StoreCheck = 'ok' | 'timeout' | 'unreachable' | 'error';
export interface StoreChecks {
  readonly dynamodb: StoreCheck;
  readonly s3: StoreCheck;
}

const timeoutMs = () =>
  dynamoEndpoint() !== undefined ? READINESS_TIMEOUT_MS.local : READINESS_TIMEOUT_MS.deployed;

let cached: { endpoint: string | undefined; client: StoreClient } | undefined;
function probeClient(): StoreClient {
  const endpoint = dynamoEndpoint();
  if (!cached || cached.endpoint !== endpoint) {
    cached?.client.destroy();
    cached = {
      endpoint,
      client: new StoreClient({
        ...connectionOf(endpoint),
        maxAttempts: 1,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        requestTimeout: timeoutMs(),
      }),
    };
  }
  return cached.client;
}

/** What went wrong, in the terms of `StoreCheck`: no answer in time, no connection, or an answer that is a refusal. */
function classify(error: unknown): StoreCheck {
  const e = error as { name?: string; code?: string; cause?: { code?: string }; $metadata?: unknown };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  const code = e?.code ?? e?.cause?.code;
  if (code && /^E(CONN|HOST|NET|PIPE|NOTFOUND|AI_AGAIN|TIMEDOUT)/.test(code)) return 'unreachable';
  return 'error';
}

export async function checkDynamoDb(): Promise<StoreCheck> {
  const signal = AbortSignal.timeout(timeoutMs());
  try {
    await probeClient().send(
      new GetCommand({
        TableName: tableName('main'),
        Key: { pk: READINESS_PROBE.key.pk, sk: READINESS_PROBE.key.sk },
        ProjectionExpression: 'pk',
      }),
      { abortSignal: signal },
    );
    return 'ok';
  } catch (error) {
    const check = signal.aborted ? 'timeout' : classify(error);
    logger.warn('readiness: DynamoDB does not answer', { check, error: error as Error });
    return check;
  }
}

export async function checkS3(): Promise<StoreCheck> {
  const signal = AbortSignal.timeout(timeoutMs());
  try {
    const url = await presignedUrl({
      bucket: 'reports',
      key: READINESS_PROBE.objectKey,
      method: 'HEAD',
      expiresIn: 60,
    });
    const status = (await fetch(url, { method: 'HEAD', signal })).status;
    if ((status >= 200 && status < 300) || status === 404) return 'ok';
    logger.warn('readiness: S3 answers with a refusal', { status });
    return 'error';
  } catch (error) {
    const check = signal.aborted ? 'timeout' : classify(error);
    logger.warn('readiness: S3 does not answer', { check, error: error as Error });
    return check;
  }
}

/** Both probes at once. */
export async function checkStores(): Promise<StoreChecks> {
  const [dynamodb, s3] = await Promise.all([checkDynamoDb(), checkS3()]);
  return { dynamodb, s3 };
}
