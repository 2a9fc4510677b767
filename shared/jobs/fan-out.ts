import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { dueIdsPage } from '#shared/adapters/dynamodb/due-index';
import { advanceCheckpoint, getCheckpoint } from '#shared/adapters/dynamodb/job-checkpoints.repository';
import { now } from '#shared/clock';
import { type Actor, systemActor } from '#shared/domain/audit/audit-record';
import { type IsoDate, isIsoDate } from '#shared/domain/calendar/dates';
import { logger } from '#shared/http/logger';
import type { JobId } from '#shared/manifest';
import { workQueue } from './work-queue';

/**
 * Issue 20: a job whose due items are handed, one message each, to a work queue and handled by a worker function
 * (infra/stacks/jobs-stack.ts on AWS; infra/local/work-queue.ts locally). The dispatcher and the worker are the
 * same two functions for every such job; a job names only its byDue partition and the use case for one item.
 */
export interface FanOut {
  readonly jobId: JobId;
  /** The byDue partition the job reads (`DUE#REPORT` …). */
  readonly partition: string;
  /**
   * One item's work, reusing the job's use case: idempotent (a redelivered message finds nothing left to do and
   * changes nothing), `true` when it changed something. It throws for a failure worth another delivery.
   */
  readonly work: (id: string, today: IsoDate, actor: Actor) => Promise<boolean>;
}

/** One message: the job, the day it is for, and the item. */
export const WorkMessage = z.object({
  jobId: z.string(),
  today: z.string().refine(isIsoDate),
  id: z.string().min(1),
});
export type WorkMessage = z.infer<typeof WorkMessage>;

/** Index entries read per page: 25 SendMessageBatch calls and one checkpoint write per page. */
export const DISPATCH_PAGE = 250;
/** The dispatcher stops (and throws, so the invocation is retried and resumes) with this much time left. */
export const DISPATCH_MARGIN_MS = 20_000;

export interface DispatchResult {
  /** byDue entries read: the items due after the checkpoint, never the table. */
  readonly examined: number;
  readonly dispatched: number;
  readonly pages: number;
}

/**
 * The dispatcher, for a job's scheduled run:
 * 1. read the day's checkpoint (the byDue key of the last item already handed on that day, if any);
 * 2. read a page of the items due after it through the byDue index;
 * 3. send them to the work queue, one message per item, in batches of 10;
 * 4. move the checkpoint to the page's last item, on the condition that no other run moved it meanwhile (if one
 *    did, it owns the rest and this run stops);
 * 5. repeat while the index has more, stopping with an error when the invocation is about to time out (the retry
 *    resumes at step 1).
 * A page sent whose checkpoint was not written is sent again by the next run: the worker's items are idempotent.
 */
export async function dispatchDue(
  fanOut: FanOut,
  today: IsoDate,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
  pageSize = DISPATCH_PAGE,
): Promise<DispatchResult> {
  const queue = workQueue(fanOut.jobId);
  let checkpoint = await getCheckpoint(fanOut.jobId, today);
  let examined = 0;
  let dispatched = 0;
  let pages = 0;
  for (;;) {
    if (remainingMs() < DISPATCH_MARGIN_MS) {
      throw new Error(`${fanOut.jobId}: dispatch cut short after ${dispatched} items; the retry resumes`);
    }
    const page = await dueIdsPage(fanOut.partition, today, checkpoint?.after, pageSize);
    examined += page.read;
    pages += 1;
    if (page.last) {
      await queue.send(page.ids.map((id) => JSON.stringify({ jobId: fanOut.jobId, today, id })));
      dispatched += page.ids.length;
      const moved = await advanceCheckpoint(
        fanOut.jobId,
        today,
        checkpoint,
        { after: page.last, dispatched: (checkpoint?.dispatched ?? 0) + page.ids.length },
        now(),
      );
      if (!moved) {
        logger.warn('another run of the job holds the checkpoint; this run stops', { dispatched });
        break;
      }
      checkpoint = moved;
    }
    if (!page.more) break;
  }
  return { examined, dispatched, pages };
}

/** What a worker invocation did, for the local runtime's summary of a run (AWS reads the log line). */
export interface WorkOutcome {
  readonly acted: number;
  readonly unchanged: number;
  readonly failed: number;
}
let observer: ((awsRequestId: string, outcome: WorkOutcome) => void) | undefined;
/** The local runtime listens to its worker invocations to add them up in `npm run job`'s summary. */
export function observeWork(listener: typeof observer): void {
  observer = listener;
}

/**
 * The worker: an SQS batch (up to 10 records) handled concurrently, each item on its own; a record that fails
 * (or is malformed) is reported in `batchItemFailures`, so only it is delivered again after the visibility timeout
 * and, after the queue's maxReceiveCount, parked in the dead-letter queue.
 */
export function fanOutWorker(fanOut: FanOut) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      logger.appendKeys({ jobId: fanOut.jobId });
      const results = await Promise.all(
        event.Records.map(async (record) => {
          try {
            const message = WorkMessage.parse(JSON.parse(record.body));
            if (message.jobId !== fanOut.jobId) throw new Error(`message of ${message.jobId}`);
            return (await fanOut.work(message.id, message.today, systemActor(now()))) ? 'acted' : 'unchanged';
          } catch (error) {
            logger.error('work item failed', {
              messageId: record.messageId,
              receiveCount: record.attributes?.ApproximateReceiveCount,
              error: error as Error,
            });
            return record.messageId;
          }
        }),
      );
      const failures = results.filter((r) => r !== 'acted' && r !== 'unchanged');
      const outcome: WorkOutcome = {
        acted: results.filter((r) => r === 'acted').length,
        unchanged: results.filter((r) => r === 'unchanged').length,
        failed: failures.length,
      };
      logger.info('work batch finished', { ...outcome });
      observer?.(context.awsRequestId, outcome);
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}
