import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, startDynamoLocal } from '#infra/local/dynamodb';
import { freePort } from '#infra/local/ports';
import { startLocalS3 } from '#infra/local/s3';
import { documentClient, resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { forgetDivisionsCache, listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { duePartitionOfKey, dueShardKeys } from '#shared/adapters/dynamodb/keys';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { resetS3Client, s3Client } from '#shared/adapters/s3/reports-store';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { bucketName } from '#shared/config';
import { systemActor } from '#shared/domain/audit/audit-record';
import { addDays, type IsoDate } from '#shared/domain/calendar/dates';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import type { PolicyVersion } from '#shared/domain/policy/policy';
import { checkpointKeys } from '#shared/jobs/fan-out';
import { type JobId, jobs } from '#shared/manifest';
import { FANNED_OUT, JOB_PARTITIONS, Writer } from './jobs';
import type { BenchOptions } from './lib';
import { nationalUnits } from './national';
import { benchClients } from './stores';

/**
 * Shared by benchmarks 9 (fan-out) and 10 (cost per run): the national data of section 3 (./national.ts) counted
 * day by day without being written, each job's busiest day found in it, and a modest table generated *as of* that
 * day (so its due items have the busiest day's mix of steps), with what each run changes put back between runs.
 */

/** Section 3's benchmark day (a Monday) and the end of the 60 days ahead it looks at. */
export const FROM_DAY: IsoDate = '2026-11-23';
export const HORIZON: IsoDate = '2027-01-22';
/** Section 3's national data set and Jinan's scale. */
export const NATIONAL = { stations: 40_000, districts: 3_000 } as const;
export const JINAN_STATIONS = 160;
/** The modest table generated as of a job's busiest day: a fortieth of the national stations (full), a two-hundredth (small). */
export const MEASURED = {
  full: { stations: 1_000, districts: 75 },
  small: { stations: 200, districts: 15 },
} as const;

/** 09:00 in Shanghai on the day: section 3's instant (the archive documents recorded in the hour before it are pending). */
export const instantOn = (day: IsoDate): Date => new Date(`${day}T01:00:00.000Z`);

export interface Reference {
  readonly policies: readonly PolicyVersion[];
  readonly calendar: WorkingCalendar;
  readonly jinan: readonly { readonly code: string; readonly name: string }[];
}

/** The stores a job benchmark runs on, with the reference data seeded and read back. */
export interface JobStores {
  readonly dynamo: { readonly endpoint: string };
  /** The generator's client (writes the day tables, puts back what a run changed). */
  readonly seedClient: DynamoDBDocumentClient;
  readonly s3Setup: S3Client;
  readonly ref: Reference;
  /** Stops the stores and gives the process its environment and clients back. */
  close(): Promise<void>;
}

/**
 * DynamoDB Local and s3rver for benchmark `name` (9 and 10), the system's adapters pointed at them (tables
 * `bench-<name>-ref-*`, the outbox under the work directory), the reference data seeded and read back.
 */
export async function openJobStores(options: BenchOptions, name: string): Promise<JobStores> {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const s3 = await startLocalS3({ port: await freePort(), directory: join(options.workDir, `${name}-s3`) });
  const saved = { ...process.env };
  const { lowLevel, seedClient, s3Setup } = benchClients(dynamo.endpoint, s3.endpoint);
  const close = async () => {
    process.env = saved;
    resetDocumentClient();
    resetS3Client();
    forgetDivisionsCache();
    lowLevel.destroy();
    s3Setup.destroy();
    await dynamo.stop();
    await s3.stop();
  };
  try {
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.S3_ENDPOINT = s3.endpoint;
    process.env.MAIL_OUTBOX_DIR = join(options.workDir, `${name}-outbox`);
    process.env.MAIN_TABLE_NAME = `bench-${name}-ref-main`;
    process.env.AUDIT_TABLE_NAME = `bench-${name}-ref-audit`;
    resetDocumentClient();
    resetS3Client();
    await ensureTables(dynamo.endpoint, { main: `bench-${name}-ref-main`, audit: `bench-${name}-ref-audit` });
    await seedReferenceData(systemActor(new Date()));
    const [policies, calendar, jinan] = await Promise.all([
      listPolicyVersions(),
      loadWorkingCalendar(),
      listDivisions(),
    ]);
    return { dynamo, seedClient, s3Setup, ref: { policies, calendar, jinan }, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The byDue partitions a job reads (section 3's list); none for a job the generator makes no items for. */
export const partitionsOf = (jobId: JobId): readonly string[] => JOB_PARTITIONS[jobId] ?? [];

/**
 * Items due per logical byDue partition (its shards together, keys.ts `duePartitionOfKey`) and day: on `from` the items due on or before it (what a run that day finds),
 * on each later day up to `horizon` the items whose next step falls on it (section 3's "busiest day ahead").
 * Generating 40,000 stations takes minutes on a loaded machine, so the counts are kept for the process (benchmarks
 * 9 and 10 share them in one `npm run bench`).
 */
const counted = new Map<string, Map<string, Map<string, number>>>();
export function dueByDay(
  scale: { stations: number; districts: number },
  ref: Reference,
  from: IsoDate = FROM_DAY,
  horizon: IsoDate = HORIZON,
): Map<string, Map<string, number>> {
  const key = `${scale.stations}/${scale.districts}/${from}/${horizon}`;
  const known = counted.get(key);
  if (known) return known;
  const out = new Map<string, Map<string, number>>();
  const add = (partition: string, day: string) => {
    const days = out.get(partition) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + 1);
    out.set(partition, days);
  };
  for (const unit of nationalUnits({ ...scale, day: from, instant: instantOn(from), ...ref })) {
    for (const d of unit.due) add(d.partition, from);
    for (const item of unit.items) {
      if (typeof item.gsi2pk !== 'string' || typeof item.gsi2sk !== 'string') continue;
      const on = item.gsi2sk.slice(0, 10);
      if (on > from && on <= horizon) add(duePartitionOfKey(item.gsi2pk), on);
    }
  }
  counted.set(key, out);
  return out;
}

/**
 * Jobs that act on working days only (shared/application/evaluation/publicity.use-case.ts returns at once on any
 * other day): a working day's run finds what fell due since the working day before it.
 */
const WORKING_DAYS_ONLY: ReadonlySet<string> = new Set(['publicity-closing']);

/**
 * A job's busiest day in the counts and its items: the day with most items due in its partitions (for a job of
 * working days only, the working day whose run finds the most). The hourly archive copies find only the documents
 * recorded in the hour before a run, which the generator makes for the hour before `from`'s instant: their run is
 * that one.
 */
export function busiestDay(
  jobId: JobId,
  counts: Map<string, Map<string, number>>,
  calendar: WorkingCalendar,
  from: IsoDate = FROM_DAY,
): { day: IsoDate; items: number } {
  const byDay = new Map<string, number>();
  for (const p of partitionsOf(jobId))
    for (const [day, n] of counts.get(p) ?? []) byDay.set(day, (byDay.get(day) ?? 0) + n);
  if (jobId === 'archive-copies') return { day: from, items: byDay.get(from) ?? 0 };
  let runs = byDay;
  if (WORKING_DAYS_ONLY.has(jobId)) {
    runs = new Map();
    for (const day of [...byDay.keys()].sort()) {
      let on = day as IsoDate;
      while (!calendar.isWorkingDay(on).working) on = addDays(on, 1);
      runs.set(on, (runs.get(on) ?? 0) + (byDay.get(day) ?? 0));
    }
  }
  const [day, items] = [...runs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [from, 0];
  return { day: day as IsoDate, items };
}

export interface DayTable {
  readonly day: IsoDate;
  readonly main: string;
  readonly audit: string;
  items: number;
  /** Per byDue partition, the items each due entry's run changes, as they were before it. */
  readonly dueGroups: Map<string, Record<string, unknown>[][]>;
}

/** Points the system's repositories at the table (their clients read the names from the environment). */
export function useTable(t: DayTable): void {
  process.env.MAIN_TABLE_NAME = t.main;
  process.env.AUDIT_TABLE_NAME = t.audit;
  forgetDivisionsCache();
}

/** Creates the day's tables and writes a modest national-shaped data set as of the day. */
export async function seedDayTable(
  endpoint: string,
  seedClient: DynamoDBDocumentClient,
  prefix: string,
  day: IsoDate,
  scale: { stations: number; districts: number },
  ref: Reference,
): Promise<DayTable> {
  const t: DayTable = {
    day,
    main: `${prefix}-${day}-main`,
    audit: `${prefix}-${day}-audit`,
    items: 0,
    dueGroups: new Map(),
  };
  await ensureTables(endpoint, { main: t.main, audit: t.audit });
  useTable(t);
  await seedReferenceData(systemActor(new Date()));
  const writer = new Writer(seedClient);
  for (const unit of nationalUnits({ ...scale, day, instant: instantOn(day), ...ref })) {
    for (const item of unit.items) {
      await writer.put(t.main, item);
      t.items += 1;
    }
    for (const d of unit.due) {
      const groups = t.dueGroups.get(d.partition) ?? [];
      groups.push([...d.restore]);
      t.dueGroups.set(d.partition, groups);
    }
  }
  await writer.flush();
  return t;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const contentType = (key: string) =>
  key.endsWith('.jpg') ? 'image/jpeg' : key.endsWith('.png') ? 'image/png' : 'application/pdf';

/**
 * Puts back the items a run of the job changed (a `share` of its due entries), deletes the day's dispatch
 * checkpoints (one per byDue shard of each partition), and for the archive documents puts each object (back) in the reports bucket and takes its copy out
 * of the archive bucket, so the next run faces the same due items (as section 3 does).
 */
export async function restoreDue(
  seedClient: DynamoDBDocumentClient,
  s3Setup: S3Client,
  t: DayTable,
  jobId: JobId,
  share = 1,
): Promise<void> {
  const w = new Writer(seedClient);
  const objects: string[] = [];
  for (const p of partitionsOf(jobId)) {
    const groups = t.dueGroups.get(p) ?? [];
    for (const group of groups.slice(0, Math.ceil(groups.length * share)))
      for (const item of group) {
        await w.put(t.main, item);
        if (item.entity === 'archive-document' && typeof item.key === 'string') objects.push(item.key);
      }
  }
  await w.flush();
  // A fanned-out job's dispatcher keeps one checkpoint per byDue shard of each of its partitions, per hourly run
  // for archive-copies (shared/jobs/fan-out.ts `checkpointKeys`); a run fired at instantOn(day).
  const fanned = FANNED_OUT[jobId];
  if (fannedOutJobs().includes(jobId) && !fanned)
    throw new Error(`${jobId} is fanned out: name its FanOut in jobs.ts FANNED_OUT`);
  if (fanned?.fanOut)
    for (const Key of checkpointKeys(fanned.fanOut, t.day, fanned.run?.(instantOn(t.day))))
      await seedClient.send(new DeleteCommand({ TableName: t.main, Key }));
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const key = objects[next++] as string;
      await s3Setup.send(new DeleteObjectCommand({ Bucket: bucketName('archive'), Key: key }));
      await s3Setup.send(
        new PutObjectCommand({
          Bucket: bucketName('reports'),
          Key: key,
          Body: PDF,
          ContentType: contentType(key),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Items due on the table's day in the job's partitions, as DynamoDB holds them: COUNT queries of every shard of
 * each partition (keys.ts `dueShardKeys`), not counted in a run's usage.
 */
export async function countDue(
  seedClient: DynamoDBDocumentClient,
  t: DayTable,
  jobId: JobId,
): Promise<number> {
  let n = 0;
  for (const partition of partitionsOf(jobId).flatMap((p) => dueShardKeys(p))) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await seedClient.send(
        new QueryCommand({
          TableName: t.main,
          IndexName: 'byDue',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :upto',
          ExpressionAttributeValues: { ':pk': { S: partition }, ':upto': { S: `${t.day}#\uffff` } },
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start as never } : {}),
        }),
      );
      n += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
  }
  return n;
}

// Counting what a run asks of the managed services ---------------------------------------------------------------

const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const DYNAMO_WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** What one run asked of DynamoDB, SQS, S3 and Lambda. */
export interface Usage {
  /** DynamoDB requests by operation (GetItem, Query, TransactWriteItems …). */
  readonly dynamo: Map<string, number>;
  /** Read and write request units (on-demand; the same numbers as capacity units), as DynamoDB Local reports them. */
  rru: number;
  wru: number;
  /** Of the write units, those of the global secondary indexes' entries (written with the items). */
  indexWru: number;
  /** DynamoDB requests that failed (a refused condition still costs its write units on AWS; not counted here). */
  dynamoErrors: number;
  /** SQS requests as the dispatcher and the event source mapping make them (SendMessageBatch, ReceiveMessage …). */
  readonly sqs: Map<string, number>;
  readonly s3: Map<string, number>;
  /** Function invocations: the scheduled one and, when the job fans out, every worker invocation. */
  invocations: number;
}

export const emptyUsage = (): Usage => ({
  dynamo: new Map(),
  rru: 0,
  wru: 0,
  indexWru: 0,
  dynamoErrors: 0,
  sqs: new Map(),
  s3: new Map(),
  invocations: 0,
});

const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
export const total = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * Middleware on the system's own DynamoDB and S3 clients (the ones the jobs use, created after the environment
 * points at the local stores): while a usage is being collected, every DynamoDB request asks for
 * `ReturnConsumedCapacity: 'INDEXES'` and the units it answers with are added up (DynamoDB Local computes them by
 * DynamoDB's rules: 4 KB read units, half for an eventually consistent read, 1 KB write units, twice for a
 * transaction, each index's write on top), and every request is counted by operation.
 */
export function installUsageCounters(): { collect: (usage: Usage | undefined) => void } {
  let usage: Usage | undefined;
  documentClient().use(async (call, next) => {
    const u = usage;
    const op = call.operation;
    const counted = u && (DYNAMO_READS.has(op) || DYNAMO_WRITES.has(op));
    const input = counted ? { ...call.input, ReturnConsumedCapacity: 'INDEXES' } : call.input;
    try {
      const out = await next({ ...call, input });
      if (counted && u) {
        bump(u.dynamo, op);
        const consumed = (out as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
          CapacityUnits?: number;
          GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
        }[];
        const units = list.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
        if (DYNAMO_READS.has(op)) u.rru += units;
        else {
          u.wru += units;
          for (const c of list)
            for (const index of Object.values(c.GlobalSecondaryIndexes ?? {}))
              u.indexWru += index.CapacityUnits ?? 0;
        }
      }
      return out;
    } catch (error) {
      if (counted && u) {
        bump(u.dynamo, op);
        u.dynamoErrors += 1;
      }
      throw error;
    }
  });
  s3Client().middlewareStack.add(
    (next, context) => async (args) => {
      if (usage) bump(usage.s3, (context.commandName ?? '').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'benchUsage' },
  );
  return {
    collect: (u) => {
      usage = u;
    },
  };
}

/** SQS's requests for what the local queue did: SendMessageBatch of 10 (shared/adapters/sqs/work-queue.ts). */
export const SQS_BATCH = 10;
export const recordSend = (u: Usage, messages: number): void => {
  bump(u.sqs, 'SendMessageBatch', Math.ceil(messages / SQS_BATCH));
};
/**
 * A worker invocation on AWS: the event source mapping's ReceiveMessage that returned the batch and its
 * DeleteMessageBatch of the records not reported failed (one each per invocation; its empty long polls are a
 * constant of the queue, not of a run).
 */
export const recordInvocation = (u: Usage): void => {
  bump(u.sqs, 'ReceiveMessage');
  bump(u.sqs, 'DeleteMessageBatch');
  u.invocations += 1;
};

/** The jobs with a worker in the manifest. */
export const fannedOutJobs = (): JobId[] =>
  (Object.keys(jobs) as JobId[]).filter((id) => (jobs[id] as { fanOut?: unknown }).fanOut !== undefined);
