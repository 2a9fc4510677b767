import { GetCommand, PutCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { documentClient } from './client';
import type { DueKey } from './due-index';
import { keys } from './keys';

/**
 * Issue 20: how far a fanned-out job's dispatcher got on one day in one shard of one of its byDue partitions
 * (keys.ts `DUE_SHARDS`; the checkpoint's name is fan-out.ts `checkpointName`, the job's id for a job of one
 * partition): each (partition, shard) is read and checkpointed on its own, so a run cut short resumes every shard
 * exactly where it stopped. It is bookkeeping of the run, not a record of
 * the regulation: each item's change is audited by the worker that makes it, so the checkpoint has no audit record
 * of its own (some 160 pages a national run would add nothing an auditor reads).
 */
export interface JobCheckpoint {
  /** The byDue key of the last item of the shard handed to the work queue. */
  readonly after: DueKey;
  /** Items of the shard handed on that day, over every run. */
  readonly dispatched: number;
  /**
   * A run read every shard of every partition of the job to its end: the next run of the day starts the shard
   * again from the beginning (finding only what became due since, or is still due), instead of resuming after
   * `after`.
   */
  readonly complete?: boolean;
  readonly version: number;
}

/** Checkpoints expire from the table 30 days after their day: only the day's runs read them. */
const CHECKPOINT_RETENTION_SECONDS = 30 * 24 * 3600;

export async function getCheckpoint(
  jobId: string,
  day: IsoDate,
  shard: number,
): Promise<JobCheckpoint | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.jobCheckpoint(jobId, day, shard),
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  const { after, dispatched, version, complete } = out.Item as JobCheckpoint;
  return { after, dispatched, version, ...(complete ? { complete } : {}) };
}

/**
 * Moves a shard's checkpoint forward if no other run has moved it since `previous` was read (a conditional put on
 * its version): `false` when another run of the same job and day got there first, which then owns the shard's rest.
 */
export async function advanceCheckpoint(
  jobId: string,
  day: IsoDate,
  shard: number,
  previous: JobCheckpoint | undefined,
  next: Omit<JobCheckpoint, 'version'>,
  at: Date,
): Promise<JobCheckpoint | false> {
  const version = (previous?.version ?? 0) + 1;
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: {
          ...keys.jobCheckpoint(jobId, day, shard),
          entity: 'job-checkpoint',
          jobId,
          day,
          shard,
          ...next,
          version,
          updatedAt: at.toISOString(),
          expiresAt: Math.floor(Date.parse(`${day}T00:00:00+08:00`) / 1000) + CHECKPOINT_RETENTION_SECONDS,
        },
        ...(previous
          ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': previous.version } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
  return { ...next, version };
}
