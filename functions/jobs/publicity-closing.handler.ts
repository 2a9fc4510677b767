import { closeDuePublicity } from '#shared/application/evaluation/publicity.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R18.1, R19.1, R25.1 (fires daily, acts on working days): closes each publicity notice whose minimum period of
 * working days is over and that has no objection pending; the result becomes final, and an unqualified result
 * terminates the contract, blocks its unpaid tranches and opens a recovery case. Reads only the due notices.
 */
export const handler = jobHandler('publicity-closing', async ({ today, now }) =>
  closeDuePublicity(today, systemActor(now)),
);
