import { runRecipientRetention } from '#shared/application/recipients/recipients.use-case';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * Daily: the service recipients' files marked for deletion whose retention (R10.1) ended are anonymised. Reads only
 * those (byDue `DUE#RECIPIENT`); a second run the same day finds nothing.
 */
export const handler = jobHandler('recipient-retention', ({ today, now }) =>
  runRecipientRetention(today, now),
);
