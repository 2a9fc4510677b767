import { DELIVERY_JOB } from '#shared/adapters/notify/delivery-job';
import { runNoticeDelivery } from '#shared/application/notify/deliveries.use-case';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * Every minute: the notice outbox and the due deliveries. A notice is committed with its change and waits in byDue
 * `DUE#NOTICE` until its deliveries (one per channel) are created; each delivery waits in `DUE#DELIVERY` while an
 * attempt is due. This job creates what a dead or public process left, five minutes on, and makes every due
 * attempt (first attempts on the channels only it may send on, retries at 1, 5, 15, 60, 240 minutes), each once.
 * It stays in line, not fanned out (issue 20; docs/architecture.md says why): a few attempts at a time, and
 * nothing new started when its invocation is about to end, since what it leaves is due again a minute on.
 */
export const handler = jobHandler('notice-delivery', ({ now }, context) =>
  runNoticeDelivery(now, DELIVERY_JOB, undefined, () => context.getRemainingTimeInMillis()),
);
