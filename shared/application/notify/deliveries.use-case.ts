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
import { AFTER_COMMIT, type ChannelAdapters, deliveryChannels } from '#shared/adapters/notify/channels';
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
 * 1. Fan-out: for each notice still in the outbox (byDue `DUE#NOTICE`), one delivery per configured channel the
 *    party has an address for, each created by a conditional put (once, whoever tries: only its creator attempts
 *    it at once), then the notice leaves the outbox; a process dying in between leaves it to the job.
 * 2. Attempt: the deliveries this function holds an adapter for (after a commit: e-mail where SES is allowed;
 *    in the notice-delivery job: every channel) are claimed (a conditional update per attempt), sent once, and
 *    settled; the rest wait, due, in byDue `DUE#DELIVERY` for the job.
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
async function fanOut(note: Notification, now: Date): Promise<Delivery[]> {
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

type Outcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'busy' | 'waiting';

/**
 * One attempt of a pending delivery. `job`: the notice-delivery job, which holds every channel's settings; a
 * channel it cannot send on is misconfigured, and the delivery fails visibly rather than waiting forever.
 */
async function attempt(d: Delivery, now: Date, adapters: ChannelAdapters, job: boolean): Promise<Outcome> {
  const sender = adapters[d.channel]?.();
  if (!sender && !job) return 'waiting';
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
  const claimed = await claimDelivery(d, now, leaseFrom(now));
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
    await failForGood({ ...d, attempts: claimed.attempts }, claimed.claim, note, message, now);
    return 'failed';
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
) {
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
    if (error instanceof DomainError && error.code === 'ALREADY_SETTLED') return;
    throw error;
  }
}

/**
 * After a commit: fans out the committed notices and sends what this function can send now. Best effort and
 * never thrown: the inbox already holds each notice, and what is not done here the notice-delivery job does.
 */
export async function deliverNotices(notes: readonly Notification[], now: Date): Promise<void> {
  if (!noticeOutboxEnabled()) return;
  for (const note of notes) {
    try {
      for (const d of await fanOut(note, now)) await attempt(d, now, AFTER_COMMIT, false);
    } catch (error) {
      logger.error('notice delivery failed', { notification: note.id, error: error as Error });
    }
  }
}

/**
 * The notice-delivery job: (1) notices committed at least `graceMinutes` ago and still in the outbox (their
 * process died after the commit, or it was a public function, which sends nothing) are fanned out; (2) every
 * delivery due by now is attempted — a first attempt the committing function could not make, a retry — and a claim
 * whose lease ran out fails as "outcome unknown". Reads the byDue index only, never the table.
 */
export async function runNoticeDelivery(now: Date, adapters: ChannelAdapters, graceMinutes = 5) {
  let examined = 0;
  let acted = 0;
  let failed = 0;
  const count = (outcome: Outcome) => {
    if (outcome === 'sent' || outcome === 'retry' || outcome === 'skipped') acted++;
    if (outcome === 'failed') failed++;
  };
  const upto = new Date(now.getTime() - graceMinutes * 60_000).toISOString();
  const outbox = await noticesInOutbox(upto);
  for (const note of outbox.items) {
    examined++;
    try {
      for (const d of await fanOut(note, now)) count(await attempt(d, now, adapters, true));
    } catch (error) {
      failed++;
      logger.error('notice fan-out failed', { notification: note.id, error: error as Error });
    }
  }
  const due = await dueDeliveries(now.toISOString());
  for (const ref of due.items) {
    try {
      const d = await getDelivery(ref.party, ref.noteId, ref.channel);
      if (!d?.dueAt || d.dueAt > now.toISOString()) continue;
      examined++;
      if (d.status === 'pending') count(await attempt(d, now, adapters, true));
      else if (d.status === 'sending' && d.claim) {
        const note = await getNotification(d.party, d.noteId);
        await failForGood(d, d.claim, note, DELIVERY_ERRORS.unknownOutcome, now);
        failed++;
      }
    } catch (error) {
      failed++;
      logger.error('notice delivery attempt failed', {
        delivery: `${ref.noteId}.${ref.channel}`,
        error: error as Error,
      });
    }
  }
  return { examined, acted, failed, read: outbox.read + due.read };
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
