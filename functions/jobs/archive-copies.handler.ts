import { runArchiveCopies } from '#shared/application/archives/archive-copies.use-case';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R10.1, hourly: the documents recorded since the last run (passed report versions, evaluation reports,
 * vouchers, service records, handover agreements) are copied into the Object Lock archive bucket with the
 * retain-until date of their category. Reads only the pending ones (byDue `DUE#ARCHIVE`).
 */
export const handler = jobHandler('archive-copies', ({ today, now }) => runArchiveCopies(today, now));
