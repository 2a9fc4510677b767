import { novemberReportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R20.1, daily in November and December: reminders to each district that has not submitted its annual station
 * construction and operation report (working days before the end of November, from the policy), and from
 * December 1 the overdue marking with escalation to the city civil affairs bureau. The dispatcher (issue 20): it
 * makes sure this year's slots exist, then hands every slot with a step due (byDue, in pages from the day's
 * checkpoint) to the work queue; november-report-deadlines.worker.ts acts on each.
 */
export const handler = jobHandler('november-report-deadlines', async ({ today, now }, context) => {
  await ensureAnnualSlots(Number(today.slice(0, 4)), now);
  const dispatch = await dispatchDue(novemberReportDeadlinesFanOut, today, () =>
    context.getRemainingTimeInMillis(),
  );
  return { examined: dispatch.examined, acted: 0, failed: 0, dispatched: dispatch.dispatched };
});
