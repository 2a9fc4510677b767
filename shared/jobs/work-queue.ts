import { sqsWorkQueue } from '#shared/adapters/sqs/work-queue';
import type { JobId } from '#shared/manifest';

/** The environment variable that names a fanned-out job's work queue on AWS (infra/stacks/jobs-stack.ts sets it). */
export const WORK_QUEUE_URL_ENV = 'WORK_QUEUE_URL';

/** The port a dispatcher hands work to: one message body per item, delivered at least once. */
export interface WorkQueue {
  send(bodies: readonly string[]): Promise<void>;
}

let localQueues: ((jobId: JobId) => WorkQueue) | undefined;

/** The local runtime's in-process queues (infra/local/work-queue.ts) stand in for SQS where no queue URL is set. */
export function useLocalWorkQueues(provider: ((jobId: JobId) => WorkQueue) | undefined): void {
  localQueues = provider;
}

/**
 * The work queue of a job: SQS on AWS, the local runtime's queue locally. Neither is a refusal, not a silent
 * fallback to doing the work in line: a dispatcher with nowhere to send would lose the day's work.
 */
export function workQueue(jobId: JobId): WorkQueue {
  const url = process.env[WORK_QUEUE_URL_ENV];
  if (url) return sqsWorkQueue(url);
  if (localQueues) return localQueues(jobId);
  throw new Error(
    `No work queue for ${jobId}: ${WORK_QUEUE_URL_ENV} is not set and no local queue is in use`,
  );
}
