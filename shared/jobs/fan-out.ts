import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { dueIdsPage } from '#shared/adapters/dynamodb/due-index';
import { advanceCheckpoint, getCheckpoint } from '#shared/adapters/dynamodb/job-checkpoints.repository';
import { dueShardKeys } from '#shared/adapters/dynamodb/keys';
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
  /** The byDue partition the job reads (`DUE#REPORT` …): the logical one; its shards are due-index's concern. */
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
  /** byDue entries read: the items due after the shards' checkpoints, never the table. */
  readonly examined: number;
  readonly dispatched: number;
  readonly pages: number;
}

/**
 * The dispatcher, for a job's scheduled run. The job's byDue partition is written over shards (keys.ts
 * `DUE_SHARDS`, issue 20), and every shard is dispatched at once, on its own:
 * 1. read the shard's checkpoint for the day (the byDue key of the last item of the shard already handed on);
 * 2. read a page of the shard's items due after it;
 * 3. send them to the work queue, one message per item, in batches of 10;
 * 4. move the shard's checkpoint to the page's last item, on the condition that no other run moved it meanwhile
 *    (if one did, it owns the rest of the shard and this run leaves it);
 * 5. repeat while the shard has more, stopping when the invocation is about to time out; once every shard has
 *    stopped, a run cut short throws (the retry resumes each shard at step 1).
 * A page sent whose checkpoint was not written is sent again by the next run: the worker's items are idempotent.
 */
export async function dispatchDue(
  fanOut: FanOut,
  today: IsoDate,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
  pageSize = DISPATCH_PAGE,
): Promise<DispatchResult> {
  const queue = workQueue(fanOut.jobId);
  let examined = 0;
  let dispatched = 0;
  let pages = 0;
  let cutShort = false;
  const dispatchShard = async (shardKey: string, shard: number) => {
    let checkpoint = await getCheckpoint(fanOut.jobId, today, shard);
    for (;;) {
      if (remainingMs() < DISPATCH_MARGIN_MS) {
        cutShort = true;
        return;
      }
      const page = await dueIdsPage(shardKey, today, checkpoint?.after, pageSize);
      examined += page.read;
      pages += 1;
      if (page.last) {
        await queue.send(page.ids.map((id) => JSON.stringify({ jobId: fanOut.jobId, today, id })));
        dispatched += page.ids.length;
        const moved = await advanceCheckpoint(
          fanOut.jobId,
          today,
          shard,
          checkpoint,
          { after: page.last, dispatched: (checkpoint?.dispatched ?? 0) + page.ids.length },
          now(),
        );
        if (!moved) {
          logger.warn('another run of the job holds the checkpoint of a shard; this run leaves it', {
            shardKey,
          });
          return;
        }
        checkpoint = moved;
      }
      if (!page.more) return;
    }
  };
  const settled = await Promise.allSettled(dueShardKeys(fanOut.partition).map(dispatchShard));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  if (cutShort)
    throw new Error(`${fanOut.jobId}: dispatch cut short after ${dispatched} items; the retry resumes`);
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
