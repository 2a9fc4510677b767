import { ulid } from 'ulid';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import type { Delivery } from '#shared/domain/notify/delivery';
import type { Notification } from '#shared/domain/reports/submission';
import { documentClient } from './client';
import { type DueKey, dueIdsPage, readDue } from './due-index';
import { keys } from './keys';
import type { Write } from './unit-of-work';

/**
 * Deliveries of notices (shared/domain/notify/delivery.ts), one item per notice × channel next to the notice in its
 * party's inbox partition. Every change is conditional: created once, claimed by one process per attempt (the
 * claim token of that call), settled only by the holder of the claim.
 */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'claim'];
const deliveryOf = (item: Record<string, unknown>): Delivery & { claim?: string } => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) if (k !== 'claim') delete copy[k];
  return copy as unknown as Delivery & { claim?: string };
};
export const publicDelivery = (d: Delivery & { claim?: string }): Delivery => {
  const { claim: _claim, ...rest } = d;
  return rest;
};

const isConditionFailure = (error: unknown) =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';

const key = (d: Pick<Delivery, 'party' | 'noteId' | 'channel'>) =>
  keys.noticeDelivery(d.party, d.noteId, d.channel);
const dueKey = (d: Pick<Delivery, 'party' | 'noteId' | 'channel'>, at: string) =>
  keys.deliveryDue(at, d.party, d.noteId, d.channel);

/** A delivery as stored: next to its notice, in byDue while an attempt is due. */
export const deliveryItem = (d: Delivery): Record<string, unknown> => ({
  ...key(d),
  ...dueKey(d, d.dueAt ?? d.createdAt),
  entity: 'notice-delivery',
  ...d,
});

/**
 * Creates a delivery unless it exists (a conditional put): true when this call created it. Fan-out creates every
 * delivery of a notice this way before the notice leaves the outbox, so a process that dies in between leaves the
 * notice for the job, which finds the deliveries made and only takes the notice out.
 */
export async function createDelivery(d: Delivery): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: deliveryItem(d),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The notice leaves the outbox once its deliveries exist (harmless when it already left). */
export async function leaveOutbox(note: Pick<Notification, 'party' | 'id'>): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName('main'),
      Key: keys.notification(note.party, note.id),
      UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** Notices committed before `upto` whose deliveries were not created (the process died after its commit). */
export async function noticesInOutbox(upto: string) {
  let read = 0;
  const items: Notification[] = [];
  for (const partition of keys.noticeOutboxPartitions()) {
    const out = await readDue<Notification & Record<string, unknown>>(partition, upto as IsoDate, [
      'id',
      'party',
      'type',
      'title',
      'body',
      'subject',
      'createdAt',
    ]);
    read += out.read;
    items.push(...out.items);
  }
  return { items, read };
}

export async function getDelivery(
  party: string,
  noteId: string,
  channel: string,
): Promise<(Delivery & { claim?: string }) | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.noticeDelivery(party, noteId, channel),
      ConsistentRead: true,
    }),
  );
  return out.Item ? deliveryOf(out.Item) : undefined;
}

/** Deliveries with an attempt due, or a claim expired, by `upto`. */
export async function dueDeliveries(upto: string) {
  return readDue<{ party: string; noteId: string; channel: string }>(
    keys.deliveryDuePartition(),
    upto as IsoDate,
    ['party', 'noteId', 'channel'],
  );
}

/**
 * What the notice-delivery dispatcher reads of a due delivery (projected from the byDue index, which holds the whole
 * item) and hands on in its work message: which delivery, and the state it was in when handed on, so that a worker
 * acts only on that state (a message read twice, or after the delivery moved on, finds it changed and does nothing).
 */
export interface DeliveryRef {
  readonly party: string;
  readonly noteId: string;
  readonly channel: Delivery['channel'];
  readonly status: 'pending' | 'sending';
  readonly attempts: number;
  readonly dueAt: string;
}
const REF_ATTRIBUTES = ['party', 'noteId', 'channel', 'status', 'attempts', 'dueAt'] as const;

/**
 * One page of one byDue shard of `DUE#DELIVERY` (keys.ts `dueShardKeys`): the deliveries due by the instant `upto`,
 * after `after`; with the key of the page's last entry and whether the shard has more.
 */
export async function dueDeliveriesPage(
  shardKey: string,
  upto: string,
  after: DueKey | undefined,
  limit: number,
): Promise<{ refs: DeliveryRef[]; read: number; last: DueKey | undefined; more: boolean }> {
  const page = await dueIdsPage(shardKey, upto as IsoDate, after, limit, REF_ATTRIBUTES);
  const refs = page.items.flatMap((i) =>
    (i.status === 'pending' || i.status === 'sending') && typeof i.dueAt === 'string'
      ? [
          {
            party: String(i.party),
            noteId: String(i.noteId),
            channel: i.channel as Delivery['channel'],
            status: i.status,
            attempts: Number(i.attempts),
            dueAt: i.dueAt,
          } satisfies DeliveryRef,
        ]
      : [],
  );
  return { refs, read: page.read, last: page.last, more: page.more };
}

/**
 * The dispatcher takes a due delivery out of the due instant for a while before handing it on (issue 20): its
 * `dueAt` (and byDue key) moves to `until`, on the condition that the delivery is still as the index showed it
 * (status, attempt count and due instant). Only one dispatcher wins a delivery's instant, so the next minute's run
 * does not hand it on again while the queue still holds it; a message lost, or a worker that never got to it,
 * leaves it due again at `until`. The worker's claim does not look at `dueAt`, so it claims a handed-on delivery as
 * any other. False: the delivery changed since the index was read (someone else has it).
 */
export async function handOnDelivery(ref: DeliveryRef, until: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: key(ref),
        UpdateExpression: 'SET dueAt = :until, gsi2pk = :pk, gsi2sk = :sk',
        ConditionExpression: '#status = :status AND attempts = :attempts AND dueAt = :due',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':until': until,
          ':pk': dueKey(ref, until).gsi2pk,
          ':sk': dueKey(ref, until).gsi2sk,
          ':status': ref.status,
          ':attempts': ref.attempts,
          ':due': ref.dueAt,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims the next attempt of a pending delivery: it becomes `sending` until `leaseUntil`, with one more attempt
 * counted. Only one caller can win an attempt (the condition names the attempt count read); the token of this
 * call lets an SDK retry of a claim whose answer was lost find its own claim. Undefined: someone else has it.
 */
export async function claimDelivery(
  d: Delivery,
  now: Date,
  leaseUntil: string,
): Promise<{ claim: string; attempts: number } | undefined> {
  const claim = ulid();
  const attempts = d.attempts + 1;
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: key(d),
        UpdateExpression:
          'SET #status = :sending, attempts = :next, claim = :claim, dueAt = :lease, updatedAt = :now, gsi2pk = :pk, gsi2sk = :sk',
        ConditionExpression: '(#status = :pending AND attempts = :attempts) OR claim = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':attempts': d.attempts,
          ':next': attempts,
          ':claim': claim,
          ':lease': leaseUntil,
          ':now': now.toISOString(),
          ':pk': dueKey(d, leaseUntil).gsi2pk,
          ':sk': dueKey(d, leaseUntil).gsi2sk,
        },
      }),
    );
    return { claim, attempts };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

const settle = async (
  d: Delivery,
  claim: string,
  update: string,
  values: Record<string, unknown>,
): Promise<boolean> => {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: key(d),
        UpdateExpression: update,
        ConditionExpression: '#status = :sending AND claim = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':claim': claim, ...values },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The claimed attempt was accepted: the delivery is done and leaves the due index. */
export const recordSent = (d: Delivery, claim: string, at: string, recipient?: string) =>
  settle(
    d,
    claim,
    `SET #status = :sent, sentAt = :at, updatedAt = :at${recipient ? ', recipient = :to' : ''} REMOVE claim, dueAt, lastError, gsi2pk, gsi2sk`,
    { ':sent': 'sent', ':at': at, ...(recipient ? { ':to': recipient } : {}) },
  );

/** The claimed attempt failed and another is scheduled: pending again, due at `retryAt`. */
export const recordRetry = (d: Delivery, claim: string, retryAt: string, error: string, at: string) =>
  settle(
    d,
    claim,
    'SET #status = :pending, dueAt = :due, lastError = :error, updatedAt = :at, gsi2sk = :sk REMOVE claim',
    { ':pending': 'pending', ':due': retryAt, ':error': error, ':at': at, ':sk': dueKey(d, retryAt).gsi2sk },
  );

/** A delivery that has nothing to send on its channel (no template for the notice's type …): done, unsent. */
export async function recordSkipped(d: Delivery, reason: string, at: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: key(d),
        UpdateExpression:
          'SET #status = :skipped, lastError = :reason, updatedAt = :at REMOVE dueAt, gsi2pk, gsi2sk',
        ConditionExpression: '#status = :pending AND attempts = :attempts',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':skipped': 'skipped',
          ':pending': 'pending',
          ':attempts': d.attempts,
          ':reason': reason,
          ':at': at,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Permanent failure, as one write of a transaction (with the district's notice and the audit record): only the
 * holder of the claim `claim` can fail the delivery, which then leaves the due index and enters its district's
 * list of failed deliveries.
 */
export function failedWrite(
  d: Delivery,
  claim: string,
  at: string,
  error: string,
  districtCode: string,
): Write {
  const listed = keys.failedDelivery(districtCode, at, d.id);
  return {
    item: {
      Update: {
        TableName: tableName('main'),
        Key: key(d),
        UpdateExpression:
          'SET #status = :failed, failedAt = :at, updatedAt = :at, lastError = :error, gsi1pk = :g1pk, gsi1sk = :g1sk REMOVE claim, dueAt, gsi2pk, gsi2sk',
        ConditionExpression: '#status = :sending AND claim = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':sending': 'sending',
          ':claim': claim,
          ':at': at,
          ':error': error,
          ':g1pk': listed.gsi1pk,
          ':g1sk': listed.gsi1sk,
        },
      },
    },
    onConditionFailed: () =>
      new DomainError(
        'ALREADY_SETTLED',
        409,
        '该发送记录已有结果',
        '这条通知的发送结果已记录，无需再次处理。',
      ),
  };
}

/** One page of a district's (or the city's own) failed deliveries, oldest first. */
export async function queryFailedDeliveries(q: {
  districtCode: string;
  limit: number;
  start?: Record<string, unknown>;
}): Promise<{ items: Delivery[]; lastKey?: Record<string, unknown> }> {
  const p = keys.failedDeliveriesPrefix(q.districtCode);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      IndexName: 'byDistrict',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': p.gsi1pk, ':prefix': p.gsi1skPrefix },
      Limit: q.limit,
      ...(q.start ? { ExclusiveStartKey: q.start } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => publicDelivery(deliveryOf(i))),
    ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
  };
}
