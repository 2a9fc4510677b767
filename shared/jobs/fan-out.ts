import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { dueIdsPage } from '#shared/adapters/dynamodb/due-index';
import {
  advanceCheckpoint,
  getCheckpoint,
  type JobCheckpoint,
} from '#shared/adapters/dynamodb/job-checkpoints.repository';
import { dueShardKeys, keys } from '#shared/adapters/dynamodb/keys';
import { now } from '#shared/clock';
import { type Actor, systemActor } from '#shared/domain/audit/audit-record';
import { type IsoDate, isIsoDate } from '#shared/domain/calendar/dates';
import { logger } from '#shared/http/logger';
import type { JobId } from '#shared/manifest';
import { workQueue } from './work-queue';

/**
 * Issue 20: a job whose due items are handed, one message each, to a work queue and handled by a worker function
 * (infra/stacks/jobs-stack.ts on AWS; infra/local/work-queue.ts locally). The dispatcher and the worker are the
 * same two functions for every such job; a job names only its byDue partitions, what a message carries of each
 * entry, and the use case for one item.
 */
export interface FanOut {
  readonly jobId: JobId;
  /**
   * The byDue partitions the job reads, one after the other (complaint-handover-deadlines has three): each the
   * logical one, whose shards (keys.ts `DUE_SHARDS`) the dispatcher reads at once.
   */
  readonly partitions: readonly FanOutPartition[];
  /**
   * Whether the job acts on `today` at all (publicity-closing: on working days only). A day it does not is
   * dispatched nothing; the worker asks again, so a message for such a day (sent by hand) changes nothing.
   * @default every day
   */
  readonly actsOn?: (today: IsoDate) => Promise<boolean>;
  /**
   * The outcomes besides acted/unchanged a job's summary counts (archive-copies: archived, missing, waiting), so
   * `npm run job` says what a run did as the job did in line; each starts at 0.
   */
  readonly outcomes?: readonly string[];
}

/** What a message carries of one byDue entry: the attributes its partition names (strings and numbers). */
export type WorkItem = Readonly<Record<string, string | number>>;

/**
 * One item's work, reusing the job's use case: idempotent (a redelivered message finds nothing left to do and
 * changes nothing), `true` (or an outcome with `acted`) when it changed something. It throws for a failure worth
 * another delivery.
 */
export type Work = (
  item: WorkItem,
  today: IsoDate,
  actor: Actor,
) => Promise<boolean | { readonly acted: boolean; readonly outcome: string }>;

export interface FanOutPartition {
  /** The byDue partition (`DUE#REPORT` …). */
  readonly partition: string;
  /**
   * The entry's attributes each message carries, projected from the index: `id` for most items, `contractId`
   * and `n` for an evaluation window, `owner` and `key` for an archive document. An attribute the entry lacks is
   * left out of the message.
   */
  readonly attributes: readonly string[];
  readonly work: Work;
}

/** A partition of items keyed by `id`, worked on by a use case that takes the id. */
export const byId = (
  partition: string,
  work: (id: string, today: IsoDate, actor: Actor) => ReturnType<Work>,
): FanOutPartition => ({
  partition,
  attributes: ['id'],
  work: (item, today, actor) => work(String(item.id), today, actor),
});

/**
 * One message: the job, the day it is for, the partition and what the item needs. The first dispatcher
 * (report-deadlines, one partition) sent `{ jobId, today, id }`; that form is still read as an item of the job's
 * first partition keyed by `id`, so a message in flight across the deploy is not lost.
 */
export const WorkMessage = z
  .object({
    jobId: z.string(),
    today: z.string().refine(isIsoDate),
    partition: z.string().min(1).optional(),
    item: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    id: z.string().min(1).optional(),
  })
  .refine((m) => m.item !== undefined || m.id !== undefined, { message: 'no item' });
export type WorkMessage = z.infer<typeof WorkMessage>;

/** The message of one item, as the dispatcher sends it. */
export const workMessage = (
  jobId: JobId,
  today: IsoDate,
  partition: string,
  item: Readonly<Record<string, unknown>>,
): string =>
  JSON.stringify({
    jobId,
    today,
    partition,
    item: Object.fromEntries(
      Object.entries(item).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
    ),
  });

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
 * The checkpoints a partition's dispatch keeps for a day, one per byDue shard under this name: the job's own name
 * when it reads one partition, the job and the partition when it reads several; `run` names a run of a job that
 * runs more than once a day (archive-copies, hourly: a document recorded at 11:00 sorts anywhere in the day's
 * entries, so each hour's run reads the day's from the start). Shard 0's checkpoint of a one-partition job is the
 * day's checkpoint of before sharding (keys.ts `jobCheckpoint`), so report-deadlines resumes one written then.
 */
export const checkpointName = (fanOut: FanOut, partition: string, run?: string): string =>
  `${fanOut.partitions.length === 1 ? fanOut.jobId : `${fanOut.jobId}#${partition}`}${run ? `@${run}` : ''}`;

/**
 * The keys of every checkpoint a run of the job (`run` as `dispatchDue` takes it) keeps for a day: one per shard
 * of each partition. For what puts a day back as it was before any run (the benchmarks).
 */
export const checkpointKeys = (fanOut: FanOut, day: IsoDate, run?: string) =>
  fanOut.partitions.flatMap(({ partition }) =>
    dueShardKeys(partition).map((_, shard) =>
      keys.jobCheckpoint(checkpointName(fanOut, partition, run), day, shard),
    ),
  );

/**
 * The dispatcher, for a job's scheduled run: each of its partitions in turn (`dispatchPartition`), every shard of
 * it at once, each (partition, shard) from its own checkpoint. Nothing on a day the job does not act on.
 *
 * Once the run has read every shard of every partition to its end, it marks each checkpoint it moved (or found
 * unfinished) `complete`, so a later run that day starts again from the beginning, finding only what became due
 * since or is still due. Not before: a shard marked complete while another shard (or partition) is cut short
 * would be read again from its start by the retry, which would hand its still-due items on a second time.
 */
export async function dispatchDue(
  fanOut: FanOut,
  today: IsoDate,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
  pageSize = DISPATCH_PAGE,
  run?: string,
): Promise<DispatchResult> {
  let examined = 0;
  let dispatched = 0;
  let pages = 0;
  if (fanOut.actsOn && !(await fanOut.actsOn(today))) return { examined, dispatched, pages };
  const unfinished: ReadToTheEnd[] = [];
  for (const part of fanOut.partitions) {
    const done = await dispatchPartition(fanOut, part, today, remainingMs, pageSize, run, dispatched);
    examined += done.examined;
    dispatched += done.dispatched;
    pages += done.pages;
    unfinished.push(...done.unfinished);
  }
  await Promise.all(
    unfinished.map(async ({ name, shard, checkpoint }) => {
      const { after, dispatched: handed } = checkpoint;
      const marked = await advanceCheckpoint(
        name,
        today,
        shard,
        checkpoint,
        { after, dispatched: handed, complete: true },
        now(),
      );
      if (!marked)
        logger.warn('another run of the job moved a checkpoint; it marks it itself', { name, shard });
    }),
  );
  return { examined, dispatched, pages };
}

/** A (partition, shard) checkpoint a run read to the end of, to be marked complete when the whole run is. */
interface ReadToTheEnd {
  readonly name: string;
  readonly shard: number;
  readonly checkpoint: JobCheckpoint;
}

/**
 * One partition, every byDue shard of it at once, each on its own:
 * 1. read the shard's checkpoint for the day (the byDue key of the last item of the shard already handed on);
 * 2. read a page of the shard's items due after it (from the start when the checkpoint says an earlier run of the
 *    day read everything: what became due since, or is still due, is handed on again);
 * 3. send them to the work queue, one message per item (what the partition's `attributes` name), in batches of 10;
 * 4. move the shard's checkpoint to the page's last item, on the condition that no other run moved it meanwhile
 *    (if one did, it owns the rest of the shard and this run leaves it);
 * 5. repeat while the shard has more, stopping when the invocation is about to time out; once every shard has
 *    stopped, a run cut short throws (the retry resumes each shard at step 1, after the last page whose
 *    checkpoint was written).
 * A page sent whose checkpoint was not written is sent again by the next run: the worker's items are idempotent.
 */
async function dispatchPartition(
  fanOut: FanOut,
  part: FanOutPartition,
  today: IsoDate,
  remainingMs: () => number,
  pageSize: number,
  run: string | undefined,
  before: number,
): Promise<DispatchResult & { readonly unfinished: readonly ReadToTheEnd[] }> {
  const queue = workQueue(fanOut.jobId);
  const name = checkpointName(fanOut, part.partition, run);
  let examined = 0;
  let dispatched = 0;
  let pages = 0;
  let cutShort = false;
  const unfinished: ReadToTheEnd[] = [];
  const dispatchShard = async (shardKey: string, shard: number) => {
    let checkpoint = await getCheckpoint(name, today, shard);
    let after = checkpoint?.complete ? undefined : checkpoint?.after;
    for (;;) {
      if (remainingMs() < DISPATCH_MARGIN_MS) {
        cutShort = true;
        return;
      }
      const page = await dueIdsPage(shardKey, today, after, pageSize, part.attributes);
      examined += page.read;
      pages += 1;
      if (page.last) {
        await queue.send(page.items.map((item) => workMessage(fanOut.jobId, today, part.partition, item)));
        dispatched += page.items.length;
        const moved = await advanceCheckpoint(
          name,
          today,
          shard,
          checkpoint,
          { after: page.last, dispatched: (checkpoint?.dispatched ?? 0) + page.items.length },
          now(),
        );
        if (!moved) {
          logger.warn('another run of the job holds the checkpoint of a shard; this run leaves it', {
            shardKey,
          });
          return;
        }
        checkpoint = moved;
        after = page.last;
      }
      if (!page.more) {
        // Nothing to mark when nothing was read and no unfinished run is left to close.
        if (checkpoint && !checkpoint.complete) unfinished.push({ name, shard, checkpoint });
        return;
      }
    }
  };
  const settled = await Promise.allSettled(dueShardKeys(part.partition).map(dispatchShard));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  if (cutShort)
    throw new Error(
      `${fanOut.jobId}: dispatch cut short after ${before + dispatched} items; the retry resumes`,
    );
  return { examined, dispatched, pages, unfinished };
}

/** What a worker invocation did, for the local runtime's summary of a run (AWS reads the log line). */
export interface WorkOutcome {
  readonly acted: number;
  readonly unchanged: number;
  readonly failed: number;
  /** The job's own outcomes (`FanOut.outcomes`), counted per item. */
  readonly outcomes: Readonly<Record<string, number>>;
}
let observer: ((awsRequestId: string, outcome: WorkOutcome) => void) | undefined;
/** The local runtime listens to its worker invocations to add them up in `npm run job`'s summary. */
export function observeWork(listener: typeof observer): void {
  observer = listener;
}

type ItemResult = { readonly failed: string } | { readonly acted: boolean; readonly outcome?: string };

/** One record: its message checked, the partition's work done on its item. */
async function workOn(fanOut: FanOut, body: string, actor: Actor): Promise<ItemResult> {
  const message = WorkMessage.parse(JSON.parse(body));
  if (message.jobId !== fanOut.jobId) throw new Error(`message of ${message.jobId}`);
  const part = message.partition
    ? fanOut.partitions.find((p) => p.partition === message.partition)
    : fanOut.partitions[0];
  if (!part) throw new Error(`${fanOut.jobId} reads no partition ${message.partition}`);
  const today = message.today as IsoDate;
  if (fanOut.actsOn && !(await fanOut.actsOn(today))) return { acted: false };
  const done = await part.work(message.item ?? { id: message.id as string }, today, actor);
  return typeof done === 'boolean' ? { acted: done } : done;
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
        event.Records.map(async (record): Promise<ItemResult> => {
          try {
            return await workOn(fanOut, record.body, systemActor(now()));
          } catch (error) {
            logger.error('work item failed', {
              messageId: record.messageId,
              receiveCount: record.attributes?.ApproximateReceiveCount,
              error: error as Error,
            });
            return { failed: record.messageId };
          }
        }),
      );
      const failures = results.flatMap((r) => ('failed' in r ? [r.failed] : []));
      const done = results.flatMap((r) => ('failed' in r ? [] : [r]));
      const outcomes: Record<string, number> = Object.fromEntries((fanOut.outcomes ?? []).map((o) => [o, 0]));
      for (const r of done) if (r.outcome) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      const outcome: WorkOutcome = {
        acted: done.filter((r) => r.acted).length,
        unchanged: done.filter((r) => !r.acted).length,
        failed: failures.length,
        outcomes,
      };
      logger.info('work batch finished', { ...outcome });
      observer?.(context.awsRequestId, outcome);
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    });
}
