import {
  claimDelivery,
  createDelivery,
  dueDeliveries,
  failedWrite,
  getDelivery,
  leaveOutbox,
  noticesInOutbox,
  queryFailedDeliveries,
  recordRetry,
  recordSent,
  recordSkipped,
} from '#shared/adapters/dynamodb/deliveries.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { JINAN_CITY_CODE } from '#shared/adapters/dynamodb/keys';
import { type Page, pageAcrossPartitions } from '#shared/adapters/dynamodb/pagination';
import {
  type Contact,
  getContact,
  getNotification,
  notificationWrite,
  openContactPhone,
} from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { ADDRESS_OF, ChannelError } from '#shared/adapters/notify/channel';
import { type ChannelAdapters, deliveryChannels } from '#shared/adapters/notify/channels';
import { noticeOutboxEnabled } from '#shared/config';
import { isCityWide, type Principal } from '#shared/domain/access/roles';
import { systemActor } from '#shared/domain/audit/audit-record';
import { maskPhone } from '#shared/domain/contracts/roster';
import { DomainError, outOfScope } from '#shared/domain/errors';
import {
  afterFailedAttempt,
  type ChannelId,
  CLAIM_LEASE_MINUTES,
  DELIVERY_ERRORS,
  type Delivery,
  deliveryId,
  districtOfParty,
} from '#shared/domain/notify/delivery';
import type { Party } from '#shared/domain/reports/report-slot';
import type { Notification } from '#shared/domain/reports/submission';
import { logger } from '#shared/http/logger';
import { notify } from '../reports/notifications.use-case';

/**
 * Delivery of committed notices on the stage's channels (e-mail, SMS, webhook), besides the inbox that already
 * holds them. Use cases call `deliverNotices` after their commit and know nothing of the channels:
 *
 * 1. Fan-out, right after the commit: for each notice still in the outbox (byDue `DUE#NOTICE`), one delivery per
 *    configured channel the party has an address for, each created by a conditional put (once, whoever tries),
 *    due at once in byDue `DUE#DELIVERY`; then the notice leaves the outbox. A process dying in between leaves it
 *    to the job, which fans out what is still in the outbox after five minutes.
 * 2. Attempt, by the notice-delivery job alone (every minute; the only function that may send on any channel):
 *    each due delivery is claimed (a conditional update per attempt), sent once, and settled. Sending is never
 *    in a request's time: an e-mail leaves within a minute of the commit, and SES's latency and throttling fall
 *    on the job's bounded workers, not on the person waiting for the answer.
 * 3. Retry: a failed attempt is tried again after 1, 5, 15, 60, 240 minutes; after the sixth, or at once when
 *    the gateway refused the request itself, the delivery fails for good: listed for the district it was sent
 *    for (`GET /notification-deliveries?status=failed`) and announced in that district's inbox, with its audit
 *    record, in one transaction.
 *
 * Never twice: a claim whose process died while sending (the lease ran out) is not sent again — its outcome is
 * unknown — and fails visibly instead.
 */
const CHANNEL_NAMES: Readonly<Record<ChannelId, string>> = {
  email: '邮件',
  sms: '短信',
  webhook: '消息推送',
};

const leaseFrom = (now: Date) => new Date(now.getTime() + CLAIM_LEASE_MINUTES * 60_000).toISOString();

const addressOf = async (
  channel: ChannelId,
  contact: Contact | undefined,
  open: boolean,
): Promise<{ has: boolean; to?: string; shown?: string }> => {
  switch (ADDRESS_OF[channel]) {
    case 'email':
      return contact?.email ? { has: true, to: contact.email, shown: contact.email } : { has: false };
    case 'phone': {
      if (!contact?.sealed?.phone) return { has: false };
      const shown = contact.phone ?? maskPhone('00000000000');
      if (!open) return { has: true, shown };
      const to = await openContactPhone(contact);
      return to ? { has: true, to, shown: maskPhone(to) } : { has: false };
    }
    case 'none':
      return { has: true };
  }
};

/** Creates the deliveries of a notice; returns those this call created (the others are another process's). */
export async function fanOut(note: Notification, now: Date): Promise<Delivery[]> {
  const contact = await getContact(note.party);
  const at = now.toISOString();
  const deliveries: Delivery[] = [];
  for (const channel of deliveryChannels()) {
    const address = await addressOf(channel, contact, false);
    if (!address.has) continue;
    const districtCode = districtOfParty(note.party);
    deliveries.push({
      id: deliveryId(note.id, channel),
      noteId: note.id,
      party: note.party,
      channel,
      type: note.type,
      status: 'pending',
      attempts: 0,
      dueAt: at,
      ...(districtCode ? { districtCode } : {}),
      ...(address.shown ? { recipient: address.shown } : {}),
      createdAt: at,
      updatedAt: at,
    });
  }
  const created: Delivery[] = [];
  for (const d of deliveries) if (await createDelivery(d)) created.push(d);
  await leaveOutbox(note);
  return created;
}

export type Outcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'busy';

/**
 * One attempt of a pending delivery by the notice-delivery job, which holds every channel's settings: a channel
 * it cannot send on is misconfigured, and the delivery fails visibly rather than waiting forever.
 */
async function attempt(
  d: Delivery,
  now: Date,
  adapters: ChannelAdapters,
  claimedAt: () => Date = () => now,
): Promise<Outcome> {
  const sender = adapters[d.channel]?.();
  const note = await getNotification(d.party, d.noteId);
  if (!note) {
    await recordSkipped(d, '通知不存在', now.toISOString());
    return 'skipped';
  }
  const address = sender ? await addressOf(d.channel, await getContact(d.party), true) : { has: true };
  if (!address.has) {
    // The party removed its address after the notice was committed.
    await recordSkipped(d, DELIVERY_ERRORS.noAddress, now.toISOString());
    return 'skipped';
  }
  // The lease runs from the claim itself: a claim made late in a long run is not already expired.
  const claimed = await claimDelivery(d, now, leaseFrom(claimedAt()));
  if (!claimed) return 'busy';
  try {
    if (!sender) throw new ChannelError(DELIVERY_ERRORS.notConfigured, true);
    await sender.send({ deliveryId: d.id, note, ...(address.to ? { to: address.to } : {}) });
  } catch (error) {
    const channelError = error instanceof ChannelError;
    if (!channelError) logger.error('notice not sent', { delivery: d.id, error: error as Error });
    const message = channelError ? error.message : '发送失败';
    const next =
      channelError && error.permanent
        ? ({ failed: true } as const)
        : afterFailedAttempt(claimed.attempts, now);
    if ('retryAt' in next) {
      await recordRetry(d, claimed.claim, next.retryAt, message, now.toISOString());
      return 'retry';
    }
    // Not settled by this call: another run took the claim for dead and failed it meanwhile.
    return (await failForGood({ ...d, attempts: claimed.attempts }, claimed.claim, note, message, now))
      ? 'failed'
      : 'busy';
  }
  await recordSent(d, claimed.claim, now.toISOString(), address.shown);
  return 'sent';
}

/** Permanent failure: listed for the district, announced in its inbox, audited — one transaction. */
async function failForGood(
  d: Delivery,
  claim: string,
  note: Notification | undefined,
  reason: string,
  now: Date,
): Promise<boolean> {
  const district = d.districtCode;
  const party: Party = district
    ? { role: 'district_civil_affairs', district }
    : { role: 'city_civil_affairs' };
  const channel = CHANNEL_NAMES[d.channel];
  const notes = notify(
    [party],
    {
      type: 'notice.delivery-failed',
      title: `【通知发送失败】${channel}`,
      body: `通知“${note?.title ?? d.noteId}”经${channel}发送 ${d.attempts} 次未成功（${reason}），收件方：${d.party}${d.recipient ? `（${d.recipient}）` : ''}。请核实联系方式或渠道配置；站内通知已送达。`,
      subject: { type: 'delivery', id: d.id },
    },
    now,
  );
  const at = now.toISOString();
  try {
    await commitWithAudit(
      // The failure notice stays in the inbox only: a notice about a failed delivery is not delivered again.
      [
        failedWrite(d, claim, at, reason, district ?? JINAN_CITY_CODE),
        ...notes.map((n) => notificationWrite(n, false)),
      ],
      [
        auditRecordOf(systemActor(now), {
          action: 'notice-delivery.failed',
          entity: { type: 'notice-delivery', id: d.id },
          scope: district ? { district } : {},
          before: { status: 'sending', attempts: d.attempts },
          after: { status: 'failed', attempts: d.attempts, lastError: reason },
        }),
      ],
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'ALREADY_SETTLED') return false;
    throw error;
  }
  return true;
}

/**
 * After a commit: fans out the committed notices, so that the notice-delivery job sends them on its next run
 * (within a minute). Best effort and never thrown: the inbox already holds each notice, and a notice not fanned
 * out here the job fans out itself after five minutes.
 */
export async function deliverNotices(notes: readonly Notification[], now: Date): Promise<void> {
  if (!noticeOutboxEnabled()) return;
  for (const note of notes) {
    try {
      await fanOut(note, now);
    } catch (error) {
      logger.error('notice delivery failed', { notification: note.id, error: error as Error });
    }
  }
}

/**
 * A due delivery as just read: a pending one is attempted; a claim whose lease is over (its process died while
 * sending) fails as "outcome unknown", never sent again. Undefined: nothing to do (a claim another run holds).
 */
export async function actOnDue(
  d: Delivery & { claim?: string },
  now: Date,
  adapters: ChannelAdapters,
  claimedAt: () => Date,
): Promise<Outcome | undefined> {
  if (d.status === 'pending') return attempt(d, now, adapters, claimedAt);
  if (d.status === 'sending' && d.claim) {
    const note = await getNotification(d.party, d.noteId);
    return (await failForGood(d, d.claim, note, DELIVERY_ERRORS.unknownOutcome, now)) ? 'failed' : 'busy';
  }
  return undefined;
}

/**
 * Works on `items` in `lanes` lanes, each taking the next item when done with one; none is started with under
 * `DELIVERY_MARGIN_MS` left (`remainingMs`). Returns how many were left unstarted.
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  remainingMs: () => number,
  work: (item: T) => Promise<void>,
): Promise<number> {
  let next = 0;
  let left = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) {
      if (remainingMs() < DELIVERY_MARGIN_MS) {
        left += items.length - i;
        next = items.length;
        return;
      }
      await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return left;
}

/** Attempts of the notice-delivery job in flight at a time (each waits on a channel's gateway most of its time). */
export const DELIVERY_CONCURRENCY = 8;
/** The job takes no new delivery with less than this left of its invocation: what it leaves is due next minute. */
export const DELIVERY_MARGIN_MS = 30_000;

/**
 * The notice-delivery job: (1) notices committed at least `graceMinutes` ago and still in the outbox (their
 * process died between its commit and its fan-out) are fanned out; (2) every delivery due by now is attempted — a
 * first attempt (the committing function only made the delivery), a retry — and a claim
 * whose lease ran out fails as "outcome unknown". Reads the byDue index only, never the table.
 *
 * Runs overlap (it fires every minute, and after a seed or a busy day a run lasts longer), so a claim's lease runs
 * from the claim's own instant (`now` plus the time the run has taken), not from the run's start: a claim made
 * late in a long run gets its full lease, and another run sees it as held, not as dead (which failed deliveries
 * still being sent as "outcome unknown", and counted them as failures in both runs). `failed` counts only what went wrong
 * for this run (an error worth the next run's attempt): a claim another run holds is not a failure, nor a delivery
 * another run settled first; a delivery that failed for good is its outcome, recorded and announced to the
 * district (`undeliverable`). Attempts run a few at a time, and the run takes no new one when its invocation is
 * about to end (`remainingMs`): what it leaves is still due, for the next minute's run.
 */
export async function runNoticeDelivery(
  now: Date,
  adapters: ChannelAdapters,
  graceMinutes = 5,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
) {
  const started = performance.now();
  const current = () => new Date(now.getTime() + Math.round(performance.now() - started));
  let examined = 0;
  let acted = 0;
  let undeliverable = 0;
  let failed = 0;
  let left = 0;
  const count = (outcome: Outcome) => {
    if (outcome === 'sent' || outcome === 'retry' || outcome === 'skipped') acted++;
    if (outcome === 'failed') {
      acted++;
      undeliverable++;
    }
  };
  const each = async <T>(items: readonly T[], work: (item: T) => Promise<void>) => {
    left += await inLanes(items, DELIVERY_CONCURRENCY, remainingMs, work);
  };
  const upto = new Date(now.getTime() - graceMinutes * 60_000).toISOString();
  const outbox = await noticesInOutbox(upto);
  await each(outbox.items, async (note) => {
    examined++;
    try {
      for (const d of await fanOut(note, now)) count(await attempt(d, now, adapters, current));
    } catch (error) {
      failed++;
      logger.error('notice fan-out failed', { notification: note.id, error: error as Error });
    }
  });
  const due = await dueDeliveries(now.toISOString());
  await each(due.items, async (ref) => {
    try {
      const d = await getDelivery(ref.party, ref.noteId, ref.channel);
      // Sent, settled or claimed by another run since the index was read: nothing to do. An attempt is due as of
      // the run's time; a claim is dead only once its lease is over now, however long this run has taken.
      const by = d?.status === 'sending' ? current() : now;
      if (!d?.dueAt || d.dueAt > by.toISOString()) return;
      examined++;
      const outcome = await actOnDue(d, now, adapters, current);
      if (outcome) count(outcome);
    } catch (error) {
      // Another run settled this delivery between our read and our write: its outcome stands.
      if (error instanceof DomainError && error.code === 'ALREADY_SETTLED') return;
      failed++;
      logger.error('notice delivery attempt failed', {
        delivery: `${ref.noteId}.${ref.channel}`,
        error: error as Error,
      });
    }
  });
  return { examined, acted, failed, undeliverable, left, read: outbox.read + due.read };
}

export interface DeliveryListQuery {
  readonly status: 'failed';
  readonly district?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Deliveries that failed for good, oldest first: a district's roles see their district's, the city sees every
 * district's and its own (notices to the city and to organisations). Asking for another district is refused.
 */
export async function listFailedDeliveries(
  principal: Principal,
  q: DeliveryListQuery,
): Promise<Page<Delivery>> {
  let partitions: string[];
  if (isCityWide(principal)) {
    partitions = q.district ? [q.district] : [...(await listDivisions()).map((d) => d.code), JINAN_CITY_CODE];
  } else {
    if (!principal.district || (q.district && q.district !== principal.district)) throw outOfScope();
    partitions = [principal.district];
  }
  return pageAcrossPartitions(partitions, q.limit, q.cursor, (districtCode, start, limit) =>
    queryFailedDeliveries({ districtCode, limit, ...(start ? { start } : {}) }),
  );
}
