import { deliverPendingEmails } from '#shared/application/reports/notifications.use-case';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * Every 10 minutes: the transactional outbox of notice e-mails. A notice is committed with its change and waits
 * in byDue `DUE#EMAIL` until its e-mail is claimed; one a process did not get to send (it died after the commit)
 * is sent here, five minutes on, exactly once.
 */
export const handler = jobHandler('email-outbox', ({ now }) => deliverPendingEmails(now));
