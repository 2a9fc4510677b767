import { logger } from '#shared/http/logger';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R18.1: closing of publicity periods whose minimum working days have passed.
 * Foundation stage: the schedule, the event contract and the logging are real; the rule itself lands with its
 * issue, reading what is due through the byDue index.
 */
export const handler = jobHandler('publicity-closing', async ({ today }) => {
  logger.info('job fired', { today, implemented: false });
  return { examined: 0, acted: 0, failed: 0 };
});
