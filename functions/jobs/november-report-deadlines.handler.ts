import { logger } from '#shared/http/logger';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R20.1: November annual-report reminders and overdue escalation.
 * Foundation stage: the schedule, the event contract and the logging are real; the rule itself lands with its
 * issue, reading what is due through the byDue index.
 */
export const handler = jobHandler('november-report-deadlines', async ({ today }) => {
  logger.info('job fired', { today, implemented: false });
  return { examined: 0, acted: 0, failed: 0 };
});
