import { documentClient, resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { StoreError, type StoreMiddleware } from '#shared/adapters/dynamodb/store-client';

/**
 * Fault injection into the application's own DynamoDB client (`shared/adapters/dynamodb/client.ts`), as the client's
 * middleware around each attempt (`use(…, 'attempt')`): it runs inside the client's retries, so an injected fault is
 * seen by the client exactly as a real one and retried (or not) by the same strategy the product runs with
 * (`maxAttempts: 3`, standard backoff: shared/adapters/store-timeouts.ts, shared/adapters/dynamodb/store-client.ts).
 *
 * - `throttle`: ThrottlingException (HTTP 400, a throttling error: retried), before the request reaches DynamoDB.
 * - `provisioned`: ProvisionedThroughputExceededException (HTTP 400, retried), before the request.
 * - `timeout`: a socket timeout (`TimeoutError`, `ETIMEDOUT`: transient, retried) before the request is sent.
 * - `lost-response`: the request reaches DynamoDB and is applied; its response is lost to a socket timeout
 *   (retried: the retry sends the very same request, with the same idempotency token where the API has one).
 * - `throttled-transaction`: what DynamoDB answers when an item of a transaction is throttled: the whole
 *   TransactWriteItems is cancelled (TransactionCanceledException, reason `ThrottlingError`); the SDK does not
 *   retry it (not a throttling error code), nothing of the transaction is applied.
 * - `crash`: a non-retryable failure (the process or its network is gone): not retried.
 *
 * Nothing of the product is replaced: the faults sit on the client every use case and handler uses.
 */
export type Fault =
  | 'throttle'
  | 'provisioned'
  | 'timeout'
  | 'lost-response'
  | 'throttled-transaction'
  | 'crash';

export interface FaultRule {
  readonly fault: Fault;
  /** Operations the rule applies to ('TransactWriteItems', 'GetItem' …); every operation when absent. */
  readonly operations?: readonly string[];
  /** Which matching attempts fail, by their 1-based number among the attempts this rule has seen. */
  readonly attempts: (n: number) => boolean;
  /**
   * Once the rule has fired, every later attempt of any operation fails with `crash` until `clear()`: the
   * process died there (a Lambda killed mid-batch), nothing after it reaches DynamoDB.
   */
  readonly thenDie?: boolean;
  /**
   * A transient fault: never the request's last attempt (the SDK's `amz-sdk-request: attempt=n; max=m` header), so
   * every request this rule touches succeeds within the SDK's retries, however requests running at once interleave
   * (the rule's count is shared by all of them).
   */
  readonly spareLastAttempt?: boolean;
}

export const nth = (n: number) => (k: number) => k === n;
export const first = (n: number) => (k: number) => k <= n;
export const fromNth = (n: number) => (k: number) => k >= n;
export const always = () => true;
export const every = (period: number) => (k: number) => k % period === 0;

export interface FaultStats {
  /** Attempts that reached the middleware, by operation (retries included). */
  readonly attempts: Record<string, number>;
  /** Faults injected, by kind. */
  readonly injected: Record<Fault, number>;
  /** Requests whose write reached DynamoDB and whose response was then dropped (`lost-response`). */
  readonly appliedThenLost: number;
}

export interface FaultInjector {
  /** Adds a rule (rules are tried in order; the first that fires wins). */
  add(rule: FaultRule): FaultInjector;
  /** Removes the rules and revives a dead process; the counters stay. */
  clear(): void;
  readonly stats: FaultStats;
  /** Total faults injected. */
  injectedTotal(): number;
  /** Takes the middleware off the client and forgets the client (the next use builds a clean one). */
  remove(): void;
}

function faultError(fault: Fault, operation: string, input?: Record<string, unknown>): Error {
  const message = `injected ${fault} on ${operation}`;
  switch (fault) {
    case 'throttled-transaction': {
      const items = Math.max(1, (input?.TransactItems as unknown[] | undefined)?.length ?? 1);
      return new StoreError(
        'TransactionCanceledException',
        `Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError] (${message})`,
        400,
        {
          CancellationReasons: Array.from({ length: items }, (_, i) =>
            i === 0
              ? {
                  Code: 'ThrottlingError',
                  Message: 'Throughput exceeds the current capacity of your table or index.',
                }
              : { Code: 'None' },
          ),
        },
      );
    }
    case 'throttle':
      return new StoreError('ThrottlingException', message, 400);
    case 'provisioned':
      return new StoreError('ProvisionedThroughputExceededException', message, 400);
    case 'timeout':
    case 'lost-response':
      return Object.assign(new Error(message), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
    case 'crash':
      return Object.assign(new Error(message), { name: 'InjectedCrash', $metadata: {} });
  }
}

/** Whether an error is one of this helper's (the client adds its retry metadata, never renames it). */
export const isInjected = (error: unknown): boolean =>
  /injected /.test(String((error as Error | undefined)?.message ?? ''));

/**
 * Attaches a fault injector to the application's document client. The cached client is reset first, so the
 * injector sits on a fresh client with a full retry quota; `remove()` resets it again.
 */
export function injectFaults(): FaultInjector {
  resetDocumentClient();
  const client = documentClient();
  const rules: { rule: FaultRule; seen: number }[] = [];
  let dead = false;
  const stats = {
    attempts: {} as Record<string, number>,
    injected: {
      throttle: 0,
      provisioned: 0,
      timeout: 0,
      'lost-response': 0,
      'throttled-transaction': 0,
      crash: 0,
    } as Record<Fault, number>,
    appliedThenLost: 0,
  };
  const middleware: StoreMiddleware = async (call, next) => {
    const operation = call.operation;
    stats.attempts[operation] = (stats.attempts[operation] ?? 0) + 1;
    if (dead) {
      stats.injected.crash += 1;
      throw faultError('crash', operation);
    }
    for (const entry of rules) {
      if (entry.rule.operations && !entry.rule.operations.includes(operation)) continue;
      if (entry.rule.spareLastAttempt && call.attempt >= call.maxAttempts) continue;
      entry.seen += 1;
      if (!entry.rule.attempts(entry.seen)) continue;
      stats.injected[entry.rule.fault] += 1;
      if (entry.rule.thenDie) dead = true;
      if (entry.rule.fault === 'lost-response') {
        // The request is sent and DynamoDB applies it; only its answer never arrives.
        await next(call).catch(() => undefined);
        stats.appliedThenLost += 1;
      }
      throw faultError(entry.rule.fault, operation, call.input);
    }
    return next(call);
  };
  const removeMiddleware = client.use(middleware, 'attempt');
  const injector: FaultInjector = {
    add: (rule) => {
      rules.push({ rule, seen: 0 });
      return injector;
    },
    clear: () => {
      rules.length = 0;
      dead = false;
    },
    stats,
    injectedTotal: () => Object.values(stats.injected).reduce((n, k) => n + k, 0),
    remove: () => {
      removeMiddleware();
      rules.length = 0;
      dead = false;
      resetDocumentClient();
    },
  };
  return injector;
}
