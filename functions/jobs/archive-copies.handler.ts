import { archiveCopiesFanOut, archiveCopiesRun } from '#shared/application/archives/archive-copies.use-case';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R10.1, hourly: the documents recorded since the last run (passed report versions, evaluation reports,
 * vouchers, service records, handover agreements) are copied into the Object Lock archive bucket with the
 * retain-until date of their category. The dispatcher (issue 20): it hands the pending documents (byDue
 * `DUE#ARCHIVE`, in pages) to the work queue; archive-copies.worker.ts copies each. Its checkpoint is the hour's,
 * not the day's: a document recorded since the last run, or still waiting for its upload, is read again.
 */
export const handler = jobHandler('archive-copies', async ({ today, scheduledTime }, context) => {
  const dispatch = await dispatchDue(
    archiveCopiesFanOut,
    today,
    () => context.getRemainingTimeInMillis(),
    undefined,
    archiveCopiesRun(scheduledTime),
  );
  return {
    examined: dispatch.examined,
    acted: 0,
    failed: 0,
    dispatched: dispatch.dispatched,
    read: dispatch.examined,
  };
});
