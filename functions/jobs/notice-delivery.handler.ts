import { dispatchNoticeDelivery } from '#shared/application/notify/delivery-fan-out.use-case';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * Every minute, the dispatcher of notice delivery (issue 20). A notice is committed with its change and waits in
 * byDue `DUE#NOTICE` until its deliveries (one per channel) are made; each delivery waits in `DUE#DELIVERY` while an
 * attempt is due. This function makes the deliveries a dead process left, five minutes on, and hands
 * every due delivery (first attempts, on every channel: only the worker sends; retries at 1, 5, 15, 60, 240
 * minutes, claims whose lease ran out) to the work queue, each taken out of the due instant first so the next
 * minute's run does not hand it on again; notice-delivery.worker.ts attempts each once. It holds no channel's
 * settings and opens no phone.
 */
export const handler = jobHandler('notice-delivery', async ({ now, today }, context) => {
  const run = await dispatchNoticeDelivery(now, today, undefined, () => context.getRemainingTimeInMillis());
  return { examined: run.examined, acted: 0, failed: run.failed, dispatched: run.dispatched };
});
