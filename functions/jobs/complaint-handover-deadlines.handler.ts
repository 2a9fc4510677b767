import { runComplaintDeadlines } from '#shared/application/complaints/complaints.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R15.1 complaint deadlines, daily: an unacknowledged complaint the day after its acknowledgement deadline, a
 * reminder two working days before the resolution deadline, and an unresolved one the day after it, escalated to
 * the city. Reads only the complaints with a step due. (R10.2 handover deadlines join this job with the handover.)
 */
export const handler = jobHandler('complaint-handover-deadlines', async ({ today, now }) =>
  runComplaintDeadlines(today, systemActor(now)),
);
