import type { Context } from 'aws-lambda';
import { Cron } from 'croner';
import { JOB_TIMEOUT_SECONDS, type JobDefinition, jobs } from '#shared/manifest';
import { lambdaContext, loadHandler } from './api-gateway';

/**
 * EventBridge Scheduler cron (`cron(min hour dom month dow year)`) to croner's pattern. Both accept `?`, ranges,
 * lists and MON–SUN names; the year field must be `*` (no job is bound to a year), and numeric days of week are
 * refused because the two number them differently.
 */
export function toCronerPattern(expression: string): string {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  if (!m?.[1]) throw new Error(`Not a cron() expression: ${expression}`);
  const fields = m[1].trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron() needs 6 fields: ${expression}`);
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new Error(`Year-bound schedules are not supported: ${expression}`);
  if (/\d/.test(dow)) throw new Error(`Use day names (MON-FRI), not numbers: ${expression}`);
  // EventBridge's `start/step` (`0/10`: from minute 0 every 10) is croner's `start-max/step`.
  const stepFrom = (field: string, max: number) => field.replace(/^(\d+)\/(\d+)$/, `$1-${max}/$2`);
  return [stepFrom(minute, 59), stepFrom(hour, 23), stepFrom(dom, 31), stepFrom(month, 12), dow].join(' ');
}

export interface LocalScheduler {
  /** Fires a job now as the scheduler would (tests and the demo). */
  fire(jobId: keyof typeof jobs, scheduledTime?: Date): Promise<unknown>;
  stop(): void;
}

/** Croner timers for every manifest job, in Asia/Shanghai, invoking the same handler modules. */
export function startScheduler(timers = true): LocalScheduler {
  const fire = async (jobId: keyof typeof jobs, scheduledTime = new Date()) => {
    const job: JobDefinition = jobs[jobId];
    const handler = await loadHandler<(e: unknown, c: Context) => Promise<unknown>>(job.handler);
    return handler(
      { jobId, scheduledTime: scheduledTime.toISOString() },
      lambdaContext(jobId, JOB_TIMEOUT_SECONDS * 1000),
    );
  };
  const crons = !timers
    ? []
    : (Object.entries(jobs) as [keyof typeof jobs, JobDefinition][]).map(
        ([id, job]) =>
          new Cron(
            toCronerPattern(job.schedule),
            { timezone: job.timeZone, name: id, catch: true },
            (self: Cron) => {
              void fire(id, self.currentRun() ?? new Date()).catch((error: unknown) =>
                console.error(`local scheduler: ${id} failed`, error),
              );
            },
          ),
      );
  return {
    fire,
    stop: () => {
      for (const cron of crons) cron.stop();
    },
  };
}
