import { runReportSteps } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R20.1, daily in November and December: reminders to each district that has not submitted its annual station
 * construction and operation report (working days before the end of November, from the policy), and from
 * December 1 the overdue marking with escalation to the city civil affairs bureau.
 */
export const handler = jobHandler('november-report-deadlines', async ({ today, now }) => {
  await ensureAnnualSlots(Number(today.slice(0, 4)), now);
  return runReportSteps('ANNUAL_REPORT', today, systemActor(now));
});
