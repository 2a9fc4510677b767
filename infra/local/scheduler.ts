import type { Context } from 'aws-lambda';
import { Cron } from 'croner';
import { clockShiftDays, now } from '#shared/clock';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { JOB_TIMEOUT_SECONDS, type JobDefinition, type JobId, jobs } from '#shared/manifest';
import { lambdaContext, loadHandler } from './api-gateway';
import { type FanOutOptions, LocalFanOut } from './work-queue';

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

const DAY_MS = 86_400_000;

/** Whether the job's schedule fires at exactly this instant. */
const firesAt = (job: JobDefinition, instant: Date): boolean =>
  new Cron(toCronerPattern(job.schedule), { timezone: job.timeZone, paused: true })
    .nextRun(new Date(instant.getTime() - 1000))
    ?.getTime() === instant.getTime();

/**
 * When a job runs "as of" an Asia/Shanghai day (`npm run job -- <job> --on <day>`): its first firing that day, with
 * whether its schedule fires that day at all (the November job does not in June; it still runs when asked). Its
 * time of day is the schedule's: 00:10 for publicity closing, 00:00 for the every-minute notice delivery.
 */
export function scheduledTimeOn(jobId: JobId, day: IsoDate): { scheduledTime: Date; firesThatDay: boolean } {
  const job: JobDefinition = jobs[jobId];
  const [minute, hour] = toCronerPattern(job.schedule).split(' ');
  const dayStart = new Date(`${day}T00:00:00+08:00`);
  const anyDay = new Cron(`${minute} ${hour} * * *`, { timezone: job.timeZone, paused: true });
  const scheduledTime = anyDay.nextRun(new Date(dayStart.getTime() - 1000)) ?? dayStart;
  return { scheduledTime, firesThatDay: firesAt(job, scheduledTime) };
}

export interface LocalScheduler {
  /** Fires a job now as the scheduler would (tests and the demo). */
  fire(jobId: keyof typeof jobs, scheduledTime?: Date): Promise<unknown>;
  /** Runs a job as of an Asia/Shanghai day, at its schedule's time of day (`npm run job`, `POST /local/jobs/…`). */
  fireOn(
    jobId: JobId,
    day: IsoDate,
  ): Promise<{ scheduledTime: Date; firesThatDay: boolean; result: unknown }>;
  /** The in-process work queues of the fanned-out jobs (issue 20): tests read and redrive them. */
  readonly fanOut: LocalFanOut;
  stop(): void;
}

/** A job's own summary, with what its worker did when it fans out. */
interface JobSummary {
  readonly examined?: number;
  readonly acted?: number;
  readonly failed?: number;
  readonly dispatched?: number;
}

/**
 * Croner timers for every manifest job, in Asia/Shanghai, invoking the same handler modules. With a shifted clock
 * (`SGZ_TODAY`) the timers tick at the schedule's time of day and each firing is for the shifted day, and only on
 * the shifted days the schedule names (the November job fires in the shifted November). While the clock is moved
 * away from the shift they started with (POST /local/clock), they fire nothing.
 */
export function startScheduler(timers = true, fanOutOptions: FanOutOptions = {}): LocalScheduler {
  const fanOut = new LocalFanOut(fanOutOptions).install();
  /**
   * A fanned-out job's dispatcher, then its worker until the queue is empty (every item acted on, or dead-lettered
   * after its receives), so the summary says what the run did: `acted` adds the worker's, `failed` the items left
   * in the dead-letter queue.
   */
  const fire = async (jobId: keyof typeof jobs, scheduledTime = now()) => {
    const job: JobDefinition = jobs[jobId];
    const handler = await loadHandler<(e: unknown, c: Context) => Promise<unknown>>(job.handler);
    const result = await handler(
      { jobId, scheduledTime: scheduledTime.toISOString() },
      lambdaContext(jobId, JOB_TIMEOUT_SECONDS * 1000),
    );
    if (!job.fanOut) return result;
    const dispatched = result as JobSummary;
    const worked = await fanOut.drain(jobId);
    return {
      ...dispatched,
      ...worked.outcomes,
      acted: (dispatched.acted ?? 0) + worked.acted,
      failed: (dispatched.failed ?? 0) + worked.deadLettered,
    };
  };
  const crons = !timers
    ? []
    : (Object.entries(jobs) as [keyof typeof jobs, JobDefinition][]).map(([id, job]) => {
        const shift = clockShiftDays();
        const [minute, hour] = toCronerPattern(job.schedule).split(' ');
        return new Cron(
          shift === 0 ? toCronerPattern(job.schedule) : `${minute} ${hour} * * *`,
          { timezone: job.timeZone, name: id, catch: true },
          (self: Cron) => {
            // While POST /local/clock has moved the clock (seed:demo replaying past days), the timers hold still: a
            // job at the timers' day would find what the replay writes on its own days, such as a notice delivery
            // claimed until two minutes past a day in April, and take its lease for long expired. Jobs asked for
            // (fire, fireOn) still run.
            if (clockShiftDays() !== shift) return;
            const scheduledTime = new Date((self.currentRun() ?? new Date()).getTime() + shift * DAY_MS);
            if (shift !== 0 && !firesAt(job, scheduledTime)) return;
            void fire(id, scheduledTime).catch((error: unknown) =>
              console.error(`local scheduler: ${id} failed`, error),
            );
          },
        );
      });
  return {
    fire,
    fanOut,
    fireOn: async (jobId, day) => {
      const { scheduledTime, firesThatDay } = scheduledTimeOn(jobId, day);
      return { scheduledTime, firesThatDay, result: await fire(jobId, scheduledTime) };
    },
    stop: () => {
      for (const cron of crons) cron.stop();
    },
  };
}
