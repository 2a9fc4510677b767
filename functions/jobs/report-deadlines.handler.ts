import { recomputeCalendarDates } from '#shared/application/calendar/recompute-dates.use-case';
import { reportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R9.3 with B1, daily: reminders to operators that have not submitted (5 and 2 working days before the due
 * date by default), overdue marking the day after, escalation to the district 2 working days after. This is the
 * dispatcher (issue 20): it hands every slot with a step due (read through the byDue index in pages, from the
 * day's checkpoint) to the work queue, and report-deadlines.worker.ts acts on each. Before that it computes again
 * the dates that depend on a calendar year entered or corrected since (issue 18, a bounded batch) and makes sure
 * this year's annual district report slots exist (R20.1, read by key).
 */
export const handler = jobHandler('report-deadlines', async ({ today, now }, context) => {
  // Issue 18: first the dates that depend on a calendar year entered or corrected since, so no step acts on a
  // provisional date the calendar has since moved.
  const recomputed = await recomputeCalendarDates(today, systemActor(now));
  await ensureAnnualSlots(Number(today.slice(0, 4)), now);
  const dispatch = await dispatchDue(reportDeadlinesFanOut, today, () => context.getRemainingTimeInMillis());
  return {
    examined: recomputed.examined + dispatch.examined,
    acted: recomputed.acted,
    failed: recomputed.failed,
    dispatched: dispatch.dispatched,
  };
});
