import { recipientRetentionFanOut } from '#shared/application/recipients/recipients.use-case';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * Daily: the service recipients' files marked for deletion whose retention (R10.1) ended are anonymised. The
 * dispatcher (issue 20): it hands those (byDue `DUE#RECIPIENT`, in pages from the day's checkpoint) to the work
 * queue; recipient-retention.worker.ts anonymises each. A second run the same day finds nothing.
 */
export const handler = jobHandler('recipient-retention', async ({ today }, context) => {
  const dispatch = await dispatchDue(recipientRetentionFanOut, today, () =>
    context.getRemainingTimeInMillis(),
  );
  return { examined: dispatch.examined, acted: 0, failed: 0, dispatched: dispatch.dispatched };
});
