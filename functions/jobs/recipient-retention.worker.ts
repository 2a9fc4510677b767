import { recipientRetentionFanOut } from '#shared/application/recipients/recipients.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R10.1: one recipient file anonymised per message of the recipient-retention work queue (issue 20). */
export const handler = fanOutWorker(recipientRetentionFanOut);
