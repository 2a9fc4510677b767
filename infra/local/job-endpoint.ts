import * as z from 'zod';
import { now } from '#shared/clock';
import { isIsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { type JobId, jobs } from '#shared/manifest';
import type { LocalScheduler } from './scheduler';

/**
 * `POST /local/jobs/{jobId}` with `{"on":"YYYY-MM-DD"}` (absent: the runtime's today, shifted or not): runs one
 * scheduled job of the running local system as of that day and answers with the job's own summary. It exists
 * only in the local gateway, as `POST /local/token` does; `npm run job` calls it (infra/local/job.ts).
 */
export const LOCAL_JOBS_PATH = /^\/local\/jobs\/([^/]+)$/;

const Body = z.object({
  on: z.string().refine(isIsoDate, { message: '须为 YYYY-MM-DD 格式的真实日期' }).optional(),
});

export interface LocalJobAnswer {
  readonly status: number;
  readonly body: unknown;
}

interface LocalProblem {
  readonly type: `urn:sgz:problem:${string}`;
  readonly title: string;
  readonly detail: string;
  readonly status: number;
  readonly code: string;
}

/** Each problem is written out whole where it is answered, so its Chinese is read (and tested) at that place. */
const problem = (body: LocalProblem): LocalJobAnswer => ({ status: body.status, body });

export const isJobId = (value: string): value is JobId => Object.hasOwn(jobs, value);

export async function runLocalJob(
  scheduler: LocalScheduler | undefined,
  jobId: string,
  rawBody: string,
): Promise<LocalJobAnswer> {
  if (!isJobId(jobId)) {
    return problem({
      type: 'urn:sgz:problem:unknown-job',
      title: '没有这个定时任务',
      detail: `没有定时任务 ${jobId}；可用的任务：${Object.keys(jobs).join('、')}。`,
      status: 404,
      code: 'UNKNOWN_JOB',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody || '{}');
  } catch {
    return problem({
      type: 'urn:sgz:problem:malformed-json',
      title: '请求体不是有效的 JSON',
      detail: '请求体须为 JSON，例如 {"on":"2026-12-22"}。',
      status: 400,
      code: 'MALFORMED_JSON',
    });
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success) {
    return problem({
      type: 'urn:sgz:problem:validation-failed',
      title: '请求参数不符合要求',
      detail: 'body.on：须为 YYYY-MM-DD 格式的真实日期。',
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  }
  if (!scheduler) {
    return problem({
      type: 'urn:sgz:problem:scheduler-not-ready',
      title: '调度器尚未启动',
      detail: '本地系统仍在启动，请稍后再试。',
      status: 503,
      code: 'SCHEDULER_NOT_READY',
    });
  }
  const on = parsed.data.on ?? shanghaiDate(now());
  const { scheduledTime, firesThatDay, result } = await scheduler.fireOn(jobId, on);
  return {
    status: 200,
    body: {
      jobId,
      description: jobs[jobId].description,
      on,
      scheduledTime: scheduledTime.toISOString(),
      firesThatDay,
      result,
    },
  };
}
