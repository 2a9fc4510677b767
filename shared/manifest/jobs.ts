/**
 * Every job function's timeout (infra/stacks/jobs-stack.ts; the local scheduler gives the same). A run cut short is
 * finished by the next: jobs are idempotent and read only what is still due.
 */
export const JOB_TIMEOUT_SECONDS = 300;

/**
 * Issue 20: a fanned-out job's worker (one message per due item) runs at most this long per batch of 10; its queue
 * hides a received message for six times that (AWS's advice for a queue a function consumes) before delivering
 * it again, and parks a message received this many times in the dead-letter queue.
 */
export const WORKER_TIMEOUT_SECONDS = 60;
export const WORK_VISIBILITY_TIMEOUT_SECONDS = 6 * WORKER_TIMEOUT_SECONDS;
export const WORK_MAX_RECEIVE_COUNT = 5;

/**
 * A job that hands its due items to a worker through a queue (shared/jobs/fan-out.ts): the scheduled function is
 * the dispatcher, `worker` the function the queue invokes, in batches of `batchSize` with at most `maxConcurrency`
 * invocations at a time (what bounds the load it puts on the table and on the notice channels).
 */
export interface FanOutDefinition {
  readonly worker: string;
  readonly batchSize: number;
  readonly maxConcurrency: number;
}

/** A scheduled job. `schedule` is an EventBridge Scheduler cron expression, evaluated in `timeZone`. */
export interface JobDefinition {
  readonly schedule: string;
  readonly timeZone: 'Asia/Shanghai';
  readonly handler: string;
  readonly description: string;
  /**
   * The job copies objects under these prefixes of the reports bucket into the archive bucket (same keys) with
   * an Object Lock retention: its role may read them there and put them (with retention) in the archive.
   */
  readonly archives?: readonly string[];
  /**
   * The job delivers notices on every channel: its function (its worker, when it fans out) alone sends e-mail
   * (ses:SendEmail as the stage's sender, `MAIL_FROM`), holds the SMS gateway's and the webhook's settings, may
   * read their secrets (secretsmanager:GetSecretValue on those secrets only) and may open the parties' sealed
   * phones (kms:Decrypt on the field key).
   */
  readonly deliversNotices?: boolean;
  /** Issue 20: the job's items are handled by a worker fed through a queue. */
  readonly fanOut?: FanOutDefinition;
}

export const jobs = {
  'evaluation-window-alerts': {
    schedule: 'cron(0 8 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/evaluation-window-alerts.handler.ts',
    description: 'R16.1 评估窗口提醒与逾期上报（每日）',
    fanOut: {
      worker: 'functions/jobs/evaluation-window-alerts.worker.ts',
      batchSize: 10,
      maxConcurrency: 10,
    },
  },
  'november-report-deadlines': {
    schedule: 'cron(0 9 * 11-12 ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/november-report-deadlines.handler.ts',
    description: 'R20.1 区县年度报告 11 月底截止：提醒与逾期（11、12 月每日）',
    fanOut: {
      worker: 'functions/jobs/november-report-deadlines.worker.ts',
      batchSize: 10,
      maxConcurrency: 10,
    },
  },
  'publicity-closing': {
    schedule: 'cron(10 0 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/publicity-closing.handler.ts',
    description: 'R18.1 公示期届满关闭（每日触发，仅在工作日执行，按工作日历判断是否届满）',
    fanOut: { worker: 'functions/jobs/publicity-closing.worker.ts', batchSize: 10, maxConcurrency: 5 },
  },
  'report-deadlines': {
    schedule: 'cron(30 8 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/report-deadlines.handler.ts',
    description: 'R9.3 报告提醒与逾期标记（每日）',
    fanOut: { worker: 'functions/jobs/report-deadlines.worker.ts', batchSize: 10, maxConcurrency: 20 },
  },
  'complaint-handover-deadlines': {
    schedule: 'cron(45 8 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/complaint-handover-deadlines.handler.ts',
    description: 'R15.1 投诉时限、R10.2 档案移交时限、B4 整改期限（每日）',
    fanOut: {
      worker: 'functions/jobs/complaint-handover-deadlines.worker.ts',
      batchSize: 10,
      maxConcurrency: 20,
    },
  },
  'notice-delivery': {
    schedule: 'cron(* * * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/notice-delivery.handler.ts',
    description:
      '通知分渠道发送（邮件、短信、消息推送）：补建提交后未分发的通知（5 分钟后），按 1、5、15、60、240 分钟重试，最终失败告知区县（每分钟）',
    deliversNotices: true,
    fanOut: { worker: 'functions/jobs/notice-delivery.worker.ts', batchSize: 10, maxConcurrency: 10 },
  },
  'archive-copies': {
    schedule: 'cron(20 * * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/archive-copies.handler.ts',
    description: 'R10.1 新登记的文件复制到对象锁定（合规模式）的档案桶并按类别设定保存期限（每小时）',
    archives: ['reports/', 'vouchers/', 'service-records/', 'handover/'],
    fanOut: { worker: 'functions/jobs/archive-copies.worker.ts', batchSize: 10, maxConcurrency: 10 },
  },
  'recipient-retention': {
    schedule: 'cron(40 2 * * ? *)',
    timeZone: 'Asia/Shanghai',
    handler: 'functions/jobs/recipient-retention.handler.ts',
    description: '服务对象档案标记删除后保存期满（R10.1）匿名化（每日）',
    fanOut: { worker: 'functions/jobs/recipient-retention.worker.ts', batchSize: 10, maxConcurrency: 10 },
  },
} as const satisfies Record<string, JobDefinition>;

export type JobId = keyof typeof jobs;
