import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDate } from '#shared/domain/calendar/dates';
import { jobs } from '#shared/manifest';
import { isJobId } from './job-endpoint';
import { findRunningSystem, runtimeStopped } from './runtime-file';

/**
 * `npm run job -- <job> [--on YYYY-MM-DD]`: runs one scheduled job of the running local system (`npm start`, found
 * through `runtime.json` in `DATA_DIR`) as of that day — at the schedule's time of day, through the same handler
 * the scheduler invokes — and prints the job's own summary. Without `--on`, the running system's today (which
 * `SGZ_TODAY` may have shifted). Without a job, lists the jobs. A wrong job or date is one zh-CN line, exit 2.
 */
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ options: { on: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    return fail(`参数有误：${(error as Error).message}。用法：npm run job -- <任务> [--on YYYY-MM-DD]`);
  }
})();

const jobId = positionals[0];
if (!jobId) {
  const width = Math.max(...Object.keys(jobs).map((id) => id.length));
  console.log(
    [
      '用法：npm run job -- <任务> [--on YYYY-MM-DD]（按那一天运行一次；不写 --on 则按本地系统的今天）',
      '定时任务：',
      ...Object.entries(jobs).map(([id, job]) => `  ${id.padEnd(width)}  ${job.description}`),
    ].join('\n'),
  );
  process.exit(0);
}
if (positionals.length > 1) fail(`一次只能运行一个任务，收到了：${positionals.join('、')}。`);
if (!isJobId(jobId)) fail(`没有定时任务 ${jobId}；可用的任务：${Object.keys(jobs).join('、')}。`);
if (values.on !== undefined && !isIsoDate(values.on)) {
  fail(`--on ${values.on} 不是有效日期：请写成 YYYY-MM-DD 格式的真实日期，例如 --on 2026-12-22。`);
}

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const found = findRunningSystem(dataDir);
const running = 'problem' in found ? fail(found.problem) : found;

interface Answer {
  readonly on: string;
  readonly scheduledTime: string;
  readonly firesThatDay: boolean;
  readonly description: string;
  readonly result: { examined?: number; acted?: number; failed?: number } | null;
}
let res: Response;
try {
  res = await fetch(`${running.apiUrl}/local/jobs/${encodeURIComponent(jobId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(values.on ? { on: values.on } : {}),
  });
} catch (error) {
  if (!runtimeStopped(error)) throw error;
  fail(
    `本地系统 ${running.apiUrl} 没有响应：数据目录 ${dataDir} 的 npm start（进程 ${running.pid}）似乎已经停止。请重新运行 npm start。`,
  );
}
const text = await res.text();
if (!res.ok) {
  let detail = text;
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    detail = [problem.title, problem.detail].filter(Boolean).join('：');
  } catch {}
  console.error(`任务 ${jobId} 没有运行（HTTP ${res.status}）：${detail}`);
  process.exit(1);
}
const answer = JSON.parse(text) as Answer;
const at = new Date(Date.parse(answer.scheduledTime) + 8 * 3_600_000).toISOString().slice(11, 16);
const { examined = 0, acted = 0, failed = 0 } = answer.result ?? {};
console.log(
  [
    `${jobId}（${answer.description}）按 ${answer.on} ${at}（Asia/Shanghai）运行${
      answer.firesThatDay ? '' : '；按计划这一天本不触发，按要求仍已运行'
    }。`,
    `结果：检查 ${examined} 项，处理 ${acted} 项，失败 ${failed} 项${acted === 0 && failed === 0 ? '（没有需要处理的事项，什么也没改）' : ''}。`,
  ].join('\n'),
);
process.exit(failed > 0 ? 1 : 0);
