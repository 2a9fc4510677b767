import { logger } from '#shared/http/logger';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R16.1: evaluation-window alerts (commission reminders, window opening, unevaluated escalation).
 * Foundation stage: the schedule, the event contract and the logging are real; the rule itself lands with its
 * issue, reading what is due through the byDue index.
 */
export const handler = jobHandler('evaluation-window-alerts', async ({ today }) => {
  logger.info('job fired', { today, implemented: false });
  return { examined: 0, acted: 0, failed: 0 };
});
