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

const problem = (status: number, code: string, title: string, detail: string): LocalJobAnswer => ({
  status,
  body: { type: `urn:sgz:problem:${code.toLowerCase().replaceAll('_', '-')}`, title, detail, status, code },
});

export const isJobId = (value: string): value is JobId => Object.hasOwn(jobs, value);

export async function runLocalJob(
  scheduler: LocalScheduler | undefined,
  jobId: string,
  rawBody: string,
): Promise<LocalJobAnswer> {
  if (!isJobId(jobId)) {
    return problem(
      404,
      'UNKNOWN_JOB',
      '没有这个定时任务',
      `没有定时任务 ${jobId}；可用的任务：${Object.keys(jobs).join('、')}。`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody || '{}');
  } catch {
    return problem(
      400,
      'MALFORMED_JSON',
      '请求体不是有效的 JSON',
      '请求体须为 JSON，例如 {"on":"2026-12-22"}。',
    );
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success) {
    return problem(
      400,
      'VALIDATION_FAILED',
      '请求参数不符合要求',
      'body.on：须为 YYYY-MM-DD 格式的真实日期。',
    );
  }
  if (!scheduler) {
    return problem(503, 'SCHEDULER_NOT_READY', '调度器尚未启动', '本地系统仍在启动，请稍后再试。');
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
