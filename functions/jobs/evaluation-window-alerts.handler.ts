import { evaluationWindowAlertsFanOut } from '#shared/application/evaluation/evaluation-windows.use-case';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R16.1, daily: before each evaluation window (commission a third party), at its opening, when it has been open
 * with nothing commissioned, and when a service year ended without a final result (to the city). Each alert once.
 * The dispatcher (issue 20): it hands every window with an alert due (byDue, in pages from the day's checkpoint)
 * to the work queue; evaluation-window-alerts.worker.ts sends each window's alerts.
 */
export const handler = jobHandler('evaluation-window-alerts', async ({ today }, context) => {
  const dispatch = await dispatchDue(evaluationWindowAlertsFanOut, today, () =>
    context.getRemainingTimeInMillis(),
  );
  return { examined: dispatch.examined, acted: 0, failed: 0, dispatched: dispatch.dispatched };
});
