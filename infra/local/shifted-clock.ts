import { clockShiftDays, now, shiftClock } from '#shared/clock';
import { daysBetween, isIsoDate, shanghaiDate } from '#shared/domain/calendar/dates';

/**
 * `SGZ_TODAY=2026-12-20 npm start`: the local runtime as of another day, for demos and checks (watching a publicity
 * period close, a report fall due). The clock moves by whole days from real time and keeps ticking; the handlers,
 * the jobs, the storage trigger and the scheduler's firings all read it (shared/clock.ts). Tokens are still issued
 * and checked against real time. Never in a deployment: the CDK app refuses to synthesize with it set, and a
 * deployed function refuses to shift its clock.
 */
export const SHIFTED_TODAY_ENV = 'SGZ_TODAY';

export class ShiftedClockError extends Error {}

/** The whole days from real "today" (Asia/Shanghai) to `SGZ_TODAY`, or undefined when it is not set. */
export function shiftFromEnv(env: NodeJS.ProcessEnv, real: Date = new Date()): number | undefined {
  const value = env[SHIFTED_TODAY_ENV];
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value)) {
    throw new ShiftedClockError(
      `${SHIFTED_TODAY_ENV}=${value} 不是有效日期：请写成 YYYY-MM-DD 格式的真实日期，例如 ${SHIFTED_TODAY_ENV}=2026-12-20。`,
    );
  }
  if (env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new ShiftedClockError(
      `${SHIFTED_TODAY_ENV} 只能用于本地运行（npm start），部署到 AWS 的系统始终使用真实时钟。`,
    );
  }
  return daysBetween(shanghaiDate(real), value);
}

/** Shifts the process's clock as `SGZ_TODAY` says; returns the days (0 when not set). */
export function applyShiftedToday(env: NodeJS.ProcessEnv = process.env): number {
  const days = shiftFromEnv(env);
  if (days !== undefined) shiftClock(days);
  return days ?? 0;
}

/** The banner's line about the clock. */
export function clockBannerLine(today: string = shanghaiDate(now())): string {
  const days = clockShiftDays();
  if (days === 0) {
    return `系统时钟   ${today} Asia/Shanghai（真实时钟；${SHIFTED_TODAY_ENV}=YYYY-MM-DD npm start 可从另一天开始）`;
  }
  const ahead = days > 0 ? `快 ${days} 天` : `慢 ${-days} 天`;
  return `系统时钟   ${today} Asia/Shanghai（${SHIFTED_TODAY_ENV} 移动后的时钟，比真实时间${ahead}；接口、定时任务、存储触发器同用此时钟）`;
}

/**
 * The CDK app's guard: a deployment never takes the demo clock. Throws with a zh-CN message when `SGZ_TODAY` is
 * set in the environment `cdk synth`/`cdk deploy` runs in.
 */
export function refuseShiftedClockInDeployment(env: NodeJS.ProcessEnv = process.env): void {
  if (env[SHIFTED_TODAY_ENV]) {
    throw new ShiftedClockError(
      `${SHIFTED_TODAY_ENV} 只用于本地演示（npm start），不能用于部署：请先 unset ${SHIFTED_TODAY_ENV} 再运行 cdk。`,
    );
  }
}
