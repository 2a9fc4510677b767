import { publicityClosingFanOut } from '#shared/application/evaluation/publicity.use-case';
import { dispatchDue } from '#shared/jobs/fan-out';
import { jobHandler } from '#shared/jobs/job-handler';

/**
 * R18.1, R19.1, R25.1 (fires daily, acts on working days): closes each publicity notice whose minimum period of
 * working days is over and that has no objection pending; the result becomes final, and an unqualified result
 * terminates the contract, blocks its unpaid tranches and opens a recovery case. The dispatcher (issue 20): on a
 * working day it hands every due notice (byDue, in pages from the day's checkpoint) to the work queue, on a day
 * off nothing; publicity-closing.worker.ts closes each.
 */
export const handler = jobHandler('publicity-closing', async ({ today }, context) => {
  const dispatch = await dispatchDue(publicityClosingFanOut, today, () => context.getRemainingTimeInMillis());
  return { examined: dispatch.examined, acted: 0, failed: 0, dispatched: dispatch.dispatched };
});
