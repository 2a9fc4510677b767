import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { storeClientSettings } from '#shared/adapters/store-timeouts';
import type { WorkQueue } from '#shared/jobs/work-queue';

let cached: SQSClient | undefined;
/** One SQS client per container; SQS answers in milliseconds like DynamoDB, so it gets DynamoDB's timeouts. */
const sqs = () => {
  cached ??= new SQSClient(storeClientSettings('dynamodb', false));
  return cached;
};

/** SendMessageBatch takes at most 10 messages. */
export const SQS_BATCH = 10;
/** Entries SQS refused in a batch (throttled, internal error) are sent again this many times before the page fails. */
const ENTRY_ATTEMPTS = 3;

/**
 * The work queue of a fanned-out job on AWS (`WORK_QUEUE_URL`, set by infra/stacks/jobs-stack.ts): its messages
 * go out in batches of 10, a few batches at a time; an entry SQS refused is sent again, and a page with an entry
 * still refused throws, so its checkpoint is not written and the next run sends the page again.
 */
export function sqsWorkQueue(queueUrl: string): WorkQueue {
  return {
    async send(bodies) {
      const batches: string[][] = [];
      for (let i = 0; i < bodies.length; i += SQS_BATCH) batches.push(bodies.slice(i, i + SQS_BATCH));
      await Promise.all(
        batches.map(async (batch) => {
          let entries = batch.map((body, i) => ({ Id: String(i), MessageBody: body }));
          for (let attempt = 1; entries.length > 0; attempt++) {
            const out = await sqs().send(
              new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
            );
            const refused = new Set((out.Failed ?? []).map((f) => f.Id));
            if (refused.size > 0 && attempt >= ENTRY_ATTEMPTS) {
              throw new Error(
                `SQS refused ${refused.size} of ${entries.length} messages: ${out.Failed?.[0]?.Code}`,
              );
            }
            entries = entries.filter((e) => refused.has(e.Id));
          }
        }),
      );
    },
  };
}
