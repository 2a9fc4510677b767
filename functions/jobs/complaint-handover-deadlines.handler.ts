import { complaintHandoverDeadlinesFanOut } from '#shared/application/deadlines/complaint-handover-deadlines.use-case';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R15.1 complaint deadlines, daily: an unacknowledged complaint the day after its acknowledgement deadline, a
 * reminder two working days before the resolution deadline, and an unresolved one the day after it, escalated to
 * the city; R10.2 handover deadlines: a reminder 5 working days before, escalation the day after; B4 rectification
 * deadlines: a reminder to the owner 3 working days before, overdue notices to owner and raiser the day after
 * (escalated to the city for district-owned items). The dispatcher (issue 20): it hands what has a step due in
 * each of the three byDue partitions (in pages, each from its own checkpoint of the day) to the work queue;
 * complaint-handover-deadlines.worker.ts acts on each item.
 */
export const handler = jobHandler('complaint-handover-deadlines', async ({ today }, context) => {
  const dispatch = await dispatchDue(complaintHandoverDeadlinesFanOut, today, () =>
    context.getRemainingTimeInMillis(),
  );
  return { examined: dispatch.examined, acted: 0, failed: 0, dispatched: dispatch.dispatched };
});
