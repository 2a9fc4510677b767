/**
 * How long the functions wait for their stores, so that a store that does not answer is heard of within seconds,
 * not at the function's timeout (15 s on AWS, 30 s locally). Without these the AWS SDK has no request timeout at all:
 * a DynamoDB that accepts connections and never answers held every request to the full function timeout.
 *
 * - `connectionTimeout`: the TCP connection must be up within 1 s (in a region it takes milliseconds).
 * - `requestTimeout` with `throwOnRequestTimeout`: each attempt must have its answer's headers within 2 s for
 *   DynamoDB (its slowest transactions answer in tens of milliseconds) and 5 s for S3 (a copy of a 20 MiB report);
 *   since @smithy/node-http-handler 4.4 an exceeded request timeout is only logged unless `throwOnRequestTimeout`.
 *   The DynamoDB client (dynamodb/store-client.ts) holds the answer's body to the same time between its parts.
 *   Locally (an endpoint is configured: DynamoDB Local's JVM and s3rver share a small machine with everything
 *   else, and a busy one answers in seconds) each attempt gets 8 s. `STORE_REQUEST_TIMEOUT_MS` overrides both.
 * - `maxAttempts: 3` (the SDK's standard retry strategy, jittered exponential backoff, retry quota, kept by the
 *   DynamoDB client of dynamodb/store-client.ts as by the S3 client): throttling,
 *   a refused or reset connection and a timeout are retried twice. On AWS a DynamoDB that does not answer is thus
 *   given up after at most 3 × 2 s + backoff ≈ 6.6 s; a store that refuses connections in well under a second.
 *   A retried TransactWriteItems carries the same ClientRequestToken, so an attempt that was applied and whose
 *   answer was lost is not applied twice.
 *
 * What the caller then gets is a 503 `STORE_UNAVAILABLE` with `Retry-After` (shared/http/problem.ts). The figures
 * are in docs/reliability.md.
 */
export const STORE_MAX_ATTEMPTS = 3;
export const CONNECTION_TIMEOUT_MS = 1_000;
export const REQUEST_TIMEOUT_MS = { dynamodb: 2_000, s3: 5_000, local: 8_000 } as const;
export const REQUEST_TIMEOUT_ENV = 'STORE_REQUEST_TIMEOUT_MS';

/** The client settings for a store: `local` when the client is pointed at DynamoDB Local or s3rver. */
export function storeClientSettings(store: 'dynamodb' | 's3', local: boolean) {
  const override = Number(process.env[REQUEST_TIMEOUT_ENV]);
  const requestTimeout =
    Number.isInteger(override) && override > 0
      ? override
      : local
        ? REQUEST_TIMEOUT_MS.local
        : REQUEST_TIMEOUT_MS[store];
  return {
    maxAttempts: STORE_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout, throwOnRequestTimeout: true },
  };
}

/** How many seconds a caller told 503 is asked to wait before trying again (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;
