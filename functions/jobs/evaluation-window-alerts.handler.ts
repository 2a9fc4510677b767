import { runWindowAlerts } from '#shared/application/evaluation/evaluation-windows.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R16.1, daily: before each evaluation window (commission a third party), at its opening, when it has been open
 * with nothing commissioned, and when a service year ended without a final result (to the city). Each alert once;
 * reads only the windows with an alert due.
 */
export const handler = jobHandler('evaluation-window-alerts', async ({ today, now }) =>
  runWindowAlerts(today, systemActor(now)),
);
