import { runComplaintDeadlines } from '#shared/application/complaints/complaints.use-case';
import { runHandoverDeadlines } from '#shared/application/handover/handover.use-case';
import { runRectificationDeadlines } from '#shared/application/rectification/rectification.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R15.1 complaint deadlines, daily: an unacknowledged complaint the day after its acknowledgement deadline, a
 * reminder two working days before the resolution deadline, and an unresolved one the day after it, escalated to
 * the city; R10.2 handover deadlines: a reminder 5 working days before, escalation the day after. Each reads only
 * what has a step due; the results add up. B4 rectification deadlines: a reminder to the owner 3 working days
 * before, overdue notices to owner and raiser the day after (escalated to the city for district-owned items).
 */
export const handler = jobHandler('complaint-handover-deadlines', async ({ today, now }) => {
  const runs = [
    await runComplaintDeadlines(today, systemActor(now)),
    await runHandoverDeadlines(today, systemActor(now)),
    await runRectificationDeadlines(today, systemActor(now)),
  ];
  return runs.reduce((sum, r) => ({
    examined: sum.examined + r.examined,
    acted: sum.acted + r.acted,
    failed: sum.failed + r.failed,
  }));
});
