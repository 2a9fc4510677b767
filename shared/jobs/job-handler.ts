import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { now } from '#shared/clock';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { logger } from '#shared/http/logger';
import type { JobId } from '#shared/manifest';

/** What EventBridge Scheduler (and the local scheduler) sends: the job and the time it was scheduled for. */
export const JobEvent = z.object({
  jobId: z.string(),
  scheduledTime: z.iso.datetime({ offset: true }),
});

export interface JobRun {
  readonly jobId: JobId;
  /** The scheduled instant (not the delivery instant: a retried delivery has the same one). */
  readonly scheduledTime: Date;
  /** The Asia/Shanghai date the run is for; idempotency keys are built from it. */
  readonly today: IsoDate;
  readonly now: Date;
}

export interface JobResult {
  readonly examined: number;
  readonly acted: number;
  readonly failed: number;
  /** A fanned-out job (issue 20): the items handed to its work queue, which its worker acts on. */
  readonly dispatched?: number;
}

/**
 * The factory for scheduled jobs: logger context, zod parsing of the scheduler's event (a malformed event is
 * refused, not guessed at), and a summary log line. The `run` function reads what is due through the byDue
 * index and isolates each item's failure, so one bad record never stops the others.
 */
export function jobHandler(jobId: JobId, run: (job: JobRun, context: Context) => Promise<JobResult>) {
  return middy<unknown, JobResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const parsed = JobEvent.safeParse(event);
      if (!parsed.success || parsed.data.jobId !== jobId) {
        logger.error('job event refused', {
          jobId,
          issues: parsed.success ? 'jobId mismatch' : parsed.error.issues,
        });
        throw new Error(`Malformed scheduler event for ${jobId}`);
      }
      const scheduledTime = new Date(parsed.data.scheduledTime);
      logger.appendKeys({ jobId, scheduledTime: parsed.data.scheduledTime });
      const result = await run(
        { jobId, scheduledTime, today: shanghaiDate(scheduledTime), now: now() },
        context,
      );
      logger.info('job finished', { ...result });
      return result;
    });
}
