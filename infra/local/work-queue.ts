import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { observeWork, type WorkOutcome } from '#shared/jobs/fan-out';
import { useLocalWorkQueues } from '#shared/jobs/work-queue';
import {
  type JobDefinition,
  type JobId,
  jobs,
  WORK_MAX_RECEIVE_COUNT,
  WORKER_TIMEOUT_SECONDS,
} from '#shared/manifest';
import { lambdaContext, loadHandler } from './api-gateway';

/**
 * Issue 20, locally: an in-process queue with the semantics the worker meets on SQS, so the same dispatcher and
 * worker code runs on a laptop with nothing to install (ElasticMQ would need a JVM server and a port for what a
 * hundred lines hold):
 * - at least once: a received message stays in the queue, hidden for the visibility timeout, until the consumer
 *   deletes it; one not deleted (its record in `batchItemFailures`, or its whole batch when the worker throws)
 *   is delivered again when the timeout ends, with its receive count one higher;
 * - a message whose receive count has reached maxReceiveCount is moved to the dead-letter queue instead of being
 *   delivered again (as SQS's redrive policy does);
 * - order is not promised (SQS standard queues do not promise it), and nothing here relies on it.
 * The visibility timeout is 1 s locally, not the 6 minutes of AWS, so `npm run job` returns within seconds even
 * when an item fails until it is dead-lettered; the clock is injected, so tests move it instead of sleeping.
 */
export const LOCAL_VISIBILITY_TIMEOUT_MS = 1_000;
/** Worker invocations at a time locally: DynamoDB Local shares two cores with everything else. */
export const LOCAL_WORKER_CONCURRENCY = 4;

interface Held {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receiptHandle?: string;
}

export interface QueueOptions {
  readonly visibilityTimeoutMs?: number;
  readonly maxReceiveCount?: number;
  readonly clock?: () => number;
}

export class LocalQueue {
  private readonly messages = new Map<string, Held>();
  private readonly dead: Held[] = [];
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number;
  private readonly clock: () => number;

  constructor(
    readonly name: string,
    options: QueueOptions = {},
  ) {
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? LOCAL_VISIBILITY_TIMEOUT_MS;
    this.maxReceiveCount = options.maxReceiveCount ?? WORK_MAX_RECEIVE_COUNT;
    this.clock = options.clock ?? Date.now;
  }

  send(bodies: readonly string[]): void {
    const at = this.clock();
    for (const body of bodies) {
      const messageId = randomUUID();
      this.messages.set(messageId, { messageId, body, sentAt: at, receiveCount: 0, visibleAt: at });
    }
  }

  /** Up to `max` visible messages, each hidden for the visibility timeout; the over-received go to the DLQ. */
  receive(max = 10): SQSRecord[] {
    const at = this.clock();
    const out: SQSRecord[] = [];
    for (const held of this.messages.values()) {
      if (out.length >= max) break;
      if (held.visibleAt > at) continue;
      if (held.receiveCount >= this.maxReceiveCount) {
        this.messages.delete(held.messageId);
        this.dead.push(held);
        continue;
      }
      held.receiveCount += 1;
      held.visibleAt = at + this.visibilityTimeoutMs;
      held.receiptHandle = randomUUID();
      out.push(recordOf(this.name, held));
    }
    return out;
  }

  /** Deletes a received message; a receipt handle from an earlier delivery no longer deletes it. */
  delete(receiptHandle: string): boolean {
    for (const held of this.messages.values()) {
      if (held.receiptHandle === receiptHandle) return this.messages.delete(held.messageId);
    }
    return false;
  }

  get deadLetters(): readonly { readonly body: string; readonly receiveCount: number }[] {
    return this.dead;
  }

  /** Moves the dead letters back to the queue (SQS's redrive from the DLQ), their receive count at zero. */
  redrive(): number {
    const at = this.clock();
    const moved = this.dead.splice(0);
    for (const held of moved) {
      this.messages.set(held.messageId, { ...held, receiveCount: 0, visibleAt: at });
    }
    return moved.length;
  }

  /** Messages not yet deleted (visible or in flight) and dead letters. */
  depth(): { readonly inQueue: number; readonly dead: number } {
    return { inQueue: this.messages.size, dead: this.dead.length };
  }

  /** When the next hidden message becomes visible again, if every message is in flight. */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const held of this.messages.values())
      if (next === undefined || held.visibleAt < next) next = held.visibleAt;
    return next;
  }
}

const recordOf = (queue: string, held: Held): SQSRecord => ({
  messageId: held.messageId,
  receiptHandle: held.receiptHandle ?? '',
  body: held.body,
  attributes: {
    ApproximateReceiveCount: String(held.receiveCount),
    SentTimestamp: String(held.sentAt),
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: String(held.sentAt),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
  awsRegion: 'local',
});

/** What draining a job's queue did: the worker's outcomes over every delivery, and what was dead-lettered. */
export interface DrainResult {
  readonly acted: number;
  readonly unchanged: number;
  /** Deliveries whose item failed (each may have succeeded on a later delivery). */
  readonly failedDeliveries: number;
  /** Messages moved to the dead-letter queue during the drain: items that failed every delivery. */
  readonly deadLettered: number;
  readonly invocations: number;
  /** The job's own outcomes over every delivery (archive-copies: archived, missing, waiting). */
  readonly outcomes: Readonly<Record<string, number>>;
}

export interface FanOutOptions extends QueueOptions {
  readonly concurrency?: number;
  /** How the drain waits for the next visibility timeout to end (tests move their clock instead). */
  readonly sleep?: (ms: number) => Promise<void>;
}

type Worker = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The local stand-in for the event source mapping: one queue per fanned-out job, consumed by the job's worker
 * module (the same handler Lambda runs) in batches of the manifest's size, a few invocations at a time; the
 * records a batch reports as failed (or the whole batch, when the worker throws) are not deleted.
 */
export class LocalFanOut {
  private readonly queues = new Map<JobId, LocalQueue>();
  private readonly outcomes = new Map<string, WorkOutcome>();
  private readonly concurrency: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: FanOutOptions = {}) {
    this.concurrency = options.concurrency ?? LOCAL_WORKER_CONCURRENCY;
    this.sleep = options.sleep ?? ((ms) => new Promise((ok) => setTimeout(ok, ms)));
  }

  /** Makes the dispatchers of this process send to these queues, and listens to the workers' outcomes. */
  install(): this {
    useLocalWorkQueues((jobId) => ({ send: async (bodies) => this.queue(jobId).send(bodies) }));
    observeWork((requestId, outcome) => this.outcomes.set(requestId, outcome));
    return this;
  }

  queue(jobId: JobId): LocalQueue {
    let queue = this.queues.get(jobId);
    if (!queue) {
      queue = new LocalQueue(`${jobId}-work`, this.options);
      this.queues.set(jobId, queue);
    }
    return queue;
  }

  /** Invokes the worker until the job's queue holds nothing (every message deleted or dead-lettered). */
  async drain(jobId: JobId): Promise<DrainResult> {
    const fanOut = (jobs[jobId] as JobDefinition).fanOut;
    if (!fanOut) throw new Error(`${jobId} is not a fanned-out job`);
    const worker = await loadHandler<Worker>(fanOut.worker);
    const queue = this.queue(jobId);
    const deadBefore = queue.depth().dead;
    const clock = this.options.clock ?? Date.now;
    let acted = 0;
    let unchanged = 0;
    let failedDeliveries = 0;
    let invocations = 0;
    const outcomes: Record<string, number> = {};
    const invoke = async (records: SQSRecord[]) => {
      const context = lambdaContext(`${jobId}-worker`, WORKER_TIMEOUT_SECONDS * 1000);
      invocations += 1;
      let failed: Set<string>;
      try {
        const response = await worker({ Records: records }, context);
        failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      } catch {
        failed = new Set(records.map((r) => r.messageId));
      }
      const outcome = this.outcomes.get(context.awsRequestId);
      this.outcomes.delete(context.awsRequestId);
      acted += outcome?.acted ?? 0;
      unchanged += outcome?.unchanged ?? 0;
      for (const [name, n] of Object.entries(outcome?.outcomes ?? {}))
        outcomes[name] = (outcomes[name] ?? 0) + n;
      failedDeliveries += failed.size;
      for (const r of records) if (!failed.has(r.messageId)) queue.delete(r.receiptHandle);
    };
    while (queue.depth().inQueue > 0) {
      const batches: SQSRecord[][] = [];
      for (let i = 0; i < this.concurrency; i++) {
        const records = queue.receive(fanOut.batchSize);
        if (records.length === 0) break;
        batches.push(records);
      }
      if (batches.length > 0) {
        await Promise.all(batches.map(invoke));
        continue;
      }
      const next = queue.nextVisibleAt();
      if (next !== undefined) await this.sleep(Math.max(0, next - clock()));
    }
    return {
      acted,
      unchanged,
      failedDeliveries,
      deadLettered: queue.depth().dead - deadBefore,
      invocations,
      outcomes,
    };
  }
}
