import * as z from 'zod';
import {
  type DeliveryRef,
  dueDeliveriesPage,
  getDelivery,
  handOnDelivery,
  noticesInOutbox,
} from '#shared/adapters/dynamodb/deliveries.repository';
import type { DueKey } from '#shared/adapters/dynamodb/due-index';
import { dueShardKeys, keys } from '#shared/adapters/dynamodb/keys';
import type { ChannelAdapters } from '#shared/adapters/notify/channels';
import { now } from '#shared/clock';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { CHANNELS } from '#shared/domain/notify/delivery';
import { logger } from '#shared/http/logger';
import { type FanOut, workMessage } from '#shared/jobs/fan-out';
import { workQueue } from '#shared/jobs/work-queue';
import { actOnDue, DELIVERY_CONCURRENCY, DELIVERY_MARGIN_MS, fanOut, inLanes } from './deliveries.use-case';

/**
 * Issue 20, at national scale: on 30 November about 40,000 SMS reminders fall due at once, each an HTTP call to the
 * gateway, more than one invocation a minute can send. The scheduled notice-delivery function is then a
 * dispatcher (`dispatchNoticeDelivery`) and its worker (`noticeDeliveryFanOut`) sends, many at a time, through the
 * job's work queue. There is no checkpoint: the dispatcher reads what is due by the instant, and takes each delivery
 * out of that instant before handing it on (`handOnDelivery`), so the next minute's run does not send it to the
 * queue again; the worker's claim (a conditional update on the attempt count) is what keeps an attempt from being
 * made twice.
 */
export const DELIVERY_PARTITION = keys.deliveryDuePartition();
/**
 * How long a handed-on delivery stays out of the due instant: far longer than the queue takes to reach it on the
 * busiest day (section 9 of docs/benchmarks.md); a message lost, or a worker that died before its claim, leaves the
 * delivery due again after this. A duplicate hand-on is harmless (the claim), only wasted.
 */
export const HAND_ON_MINUTES = 10;
/** Due deliveries read per page of a shard; their hand-ons run this many at a time. */
const HAND_ON_PAGE = 250;
const HAND_ON_LANES = 25;

/** What a work message carries of a delivery: which it is, and the state it was handed on in. */
const HandedOn = z.object({
  party: z.string().min(1),
  noteId: z.string().min(1),
  channel: z.enum(CHANNELS),
  status: z.enum(['pending', 'sending']),
  attempts: z.number().int().min(0),
});

/**
 * The dispatcher, every minute: (1) the outbox as in line — notices committed `graceMinutes` ago whose deliveries
 * were not made get them now; (2) every delivery due by `at`, from each byDue shard at once in pages, and the ones
 * just made: each taken out of the due instant for `HAND_ON_MINUTES` by a conditional update on the state read,
 * then sent to the work queue, one message per delivery naming that state. A delivery another run took first, or
 * that changed since the index was read, is left. Nothing is started with under `DELIVERY_MARGIN_MS` of the
 * invocation left; what is left is due again a minute on.
 */
export async function dispatchNoticeDelivery(
  at: Date,
  today: IsoDate,
  graceMinutes = 5,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<{ examined: number; dispatched: number; failed: number; left: number; read: number }> {
  const queue = workQueue('notice-delivery');
  const until = new Date(at.getTime() + HAND_ON_MINUTES * 60_000).toISOString();
  let examined = 0;
  let dispatched = 0;
  let failed = 0;
  let left = 0;
  let read = 0;
  const handOn = async (refs: readonly DeliveryRef[]) => {
    examined += refs.length;
    const taken: DeliveryRef[] = [];
    left += await inLanes(refs, HAND_ON_LANES, remainingMs, async (ref) => {
      if (await handOnDelivery(ref, until)) taken.push(ref);
    });
    await queue.send(
      taken.map((r) =>
        workMessage('notice-delivery', today, DELIVERY_PARTITION, {
          party: r.party,
          noteId: r.noteId,
          channel: r.channel,
          status: r.status,
          attempts: r.attempts,
        }),
      ),
    );
    dispatched += taken.length;
  };

  const upto = new Date(at.getTime() - graceMinutes * 60_000).toISOString();
  const outbox = await noticesInOutbox(upto);
  read += outbox.read;
  const made: DeliveryRef[] = [];
  left += await inLanes(outbox.items, DELIVERY_CONCURRENCY, remainingMs, async (note) => {
    try {
      for (const d of await fanOut(note, at))
        made.push({
          party: d.party,
          noteId: d.noteId,
          channel: d.channel,
          status: 'pending',
          attempts: d.attempts,
          dueAt: d.dueAt ?? d.createdAt,
        });
    } catch (error) {
      failed++;
      logger.error('notice fan-out failed', { notification: note.id, error: error as Error });
    }
  });
  await handOn(made);

  await Promise.all(
    dueShardKeys(DELIVERY_PARTITION).map(async (shardKey) => {
      let after: DueKey | undefined;
      for (;;) {
        if (remainingMs() < DELIVERY_MARGIN_MS) return;
        const page = await dueDeliveriesPage(shardKey, at.toISOString(), after, HAND_ON_PAGE);
        read += page.read;
        await handOn(page.refs);
        if (!page.more || !page.last) return;
        after = page.last;
      }
    }),
  );
  return { examined, dispatched, failed, left, read };
}

/**
 * The worker's work on one handed-on delivery (`adapters`: every channel, which only the worker's entry point
 * holds). The delivery is read again: if it is no longer in the state it was handed on in (attempted, settled or
 * handed on again since: a duplicate or late message), nothing is done. A pending one is attempted; a claim whose
 * lease was over when handed on fails as "outcome unknown".
 */
export const noticeDeliveryFanOut = (adapters: ChannelAdapters): FanOut => ({
  jobId: 'notice-delivery',
  outcomes: ['sent', 'retry', 'skipped', 'undeliverable'],
  partitions: [
    {
      partition: DELIVERY_PARTITION,
      attributes: ['party', 'noteId', 'channel', 'status', 'attempts'],
      work: async (item) => {
        const ref = HandedOn.parse(item);
        const d = await getDelivery(ref.party, ref.noteId, ref.channel);
        if (!d || d.status !== ref.status || d.attempts !== ref.attempts) return false;
        const at = now();
        const outcome = await actOnDue(d, at, adapters, now);
        switch (outcome) {
          case 'sent':
          case 'retry':
          case 'skipped':
            return { acted: true, outcome };
          case 'failed':
            return { acted: true, outcome: 'undeliverable' };
          default:
            return false;
        }
      },
    },
  ],
});
