import { DELIVERY_JOB } from '#shared/adapters/notify/delivery-job';
import { noticeDeliveryFanOut } from '#shared/application/notify/delivery-fan-out.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/**
 * One attempt of a notice's delivery per message of the notice-delivery work queue (issue 20), on every channel:
 * this function alone holds the SMS gateway's and the webhook's settings and secrets and opens a party's sealed
 * phone, inside the attempt only.
 */
export const handler = fanOutWorker(noticeDeliveryFanOut(DELIVERY_JOB));
