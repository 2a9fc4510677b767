import { recomputeCalendarDates } from '#shared/application/calendar/recompute-dates.use-case';
import { runReportSteps } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R9.3 with B1, daily: reminders to operators that have not submitted (5 and 2 working days before the due
 * date by default), overdue marking the day after, escalation to the district 2 working days after. Reads only
 * the slots with a step due through the byDue index. Also makes sure this year's annual district report slots
 * exist (R20.1), reading them by key. Before both, it computes again the dates that depend on a calendar year
 * entered or corrected since (issue 18, a bounded batch through the byDue index).
 */
export const handler = jobHandler('report-deadlines', async ({ today, now }) => {
  // Issue 18: first the dates that depend on a calendar year entered or corrected since, so no step acts on a
  // provisional date the calendar has since moved.
  const recomputed = await recomputeCalendarDates(today, systemActor(now));
  await ensureAnnualSlots(Number(today.slice(0, 4)), now);
  const steps = await runReportSteps('REPORT', today, systemActor(now));
  return {
    examined: recomputed.examined + steps.examined,
    acted: recomputed.acted + steps.acted,
    failed: recomputed.failed + steps.failed,
  };
});
