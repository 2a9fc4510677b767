import { ArnFormat, Aws, Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, type EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { SMS_ENV, WEBHOOK_ENV } from '#shared/config';
import { WORK_QUEUE_URL_ENV } from '#shared/jobs/work-queue';
import {
  type FanOutDefinition,
  JOB_TIMEOUT_SECONDS,
  type JobDefinition,
  jobs,
  seedHandler,
  type TriggerDefinition,
  triggers,
  WORK_MAX_RECEIVE_COUNT,
  WORK_VISIBILITY_TIMEOUT_SECONDS,
  WORKER_TIMEOUT_SECONDS,
} from '#shared/manifest';
import type { StageConfig } from '../config';
import { AppFunction, type AppFunctionProps } from '../constructs/app-function.construct';
import type { DefinedTable } from '../constructs/app-table.construct';
import { acknowledgeWildcardResources } from '../nag';
import type { BucketRef } from './stateful-stack';

export interface JobsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly mainTable: DefinedTable;
  readonly auditTable: DefinedTable;
  readonly bucketNames: NonNullable<AppFunctionProps['bucketNames']>;
  /** The reports bucket of the stateful stack: the upload trigger's notification and its object grants. */
  readonly reportsBucket: BucketRef;
}

/**
 * Where the report trigger copies an upload that passes validation (the slot's versions, which the download URLs
 * serve) and one that fails it (R9.4); both outside the trigger's own prefix, so a copy does not trigger it again.
 * They are the prefixes of `versionKey` and `quarantineKey` in shared/adapters/s3/reports-store.ts.
 */
export const REPORTS_PREFIX = 'reports/';
export const QUARANTINE_PREFIX = 'quarantine/';

/**
 * The work nobody asks for over HTTP: one EventBridge Scheduler schedule per manifest job (in the job's time zone,
 * with retries and a dead-letter queue), the reports bucket's ObjectCreated trigger per manifest trigger, and the
 * idempotent seed of reference data, run by a CDK Trigger during deployment. Jobs and triggers notify parties, so
 * they send e-mail when the stage does; the seed does not.
 */
export class JobsStack extends Stack {
  readonly jobFunctions: Readonly<Record<string, AppFunction>>;
  readonly triggerFunctions: Readonly<Record<string, AppFunction>>;
  readonly seedFunction: AppFunction;
  /** Schedules that could not be delivered and job invocations that failed after their retries. */
  readonly failures: Queue;
  /** Issue 20: per fanned-out job, its worker, its work queue, the queue's DLQ and the alarm on the DLQ's depth. */
  readonly fanOuts: Readonly<
    Record<string, { worker: AppFunction; queue: Queue; deadLetters: Queue; alarm: Alarm }>
  >;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { config } = props;
    /** Jobs, triggers and the seed all change records, so all of them append audit records (R29.1). */
    const writer = (
      fid: string,
      handlerModule: string,
      description: string,
      timeout: Duration,
      sendsMail: boolean,
      bundleFiles?: readonly string[],
    ) =>
      new AppFunction(this, fid, {
        handlerModule,
        ...(bundleFiles ? { bundleFiles } : {}),
        description,
        timeout,
        // The README's figure for the report trigger (validating a 10 MB PDF fits in 1024 MB) refers to this.
        memorySize: 1024,
        config,
        bucketNames: props.bucketNames,
        sendsMail,
      })
        .bindTable(props.mainTable, 'RW')
        .bindAuditTable(props.auditTable, 'APPEND');

    this.failures = new Queue(this, 'JobFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue: of every schedule (undeliverable invocations) and of every job function (asynchronous invocations that failed after their retries). Nothing consumes it automatically; an operator inspects and redrives it.',
    });

    // One role for EventBridge Scheduler, confined to this account's default schedule group.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': this.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
      description: 'EventBridge Scheduler: invokes the job functions of shared/manifest.ts',
    });

    /**
     * R10.1: a job that copies documents into the Object Lock archive reads them in the reports bucket and puts
     * them, with their retention, under the same prefixes of the archive bucket; it may read the archive copy
     * (to recognise one already made) and list both buckets under those prefixes only (so a missing object is a
     * 404, not a 403). It can neither delete nor shorten a retention (no s3:BypassGovernanceRetention).
     */
    const grantArchiveCopies = (fn: AppFunction, jobId: string, prefixes: readonly string[]) => {
      fn.addEnvironment('ARCHIVE_LOCK_MODE', config.archiveLockMode.toUpperCase());
      for (const prefix of prefixes) {
        fn.allowObjects(
          props.bucketNames.reports,
          prefix,
          ['s3:GetObject'],
          `The job ${jobId} reads each document recorded under ${prefix} to copy it into the archive bucket (R10.1); the prefix is the narrowest resource, since documents are named per record.`,
        ).allowObjects(
          props.bucketNames.archive,
          prefix,
          ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'],
          `The job ${jobId} writes the archive copy of each document under ${prefix} with its Object Lock retention (R10.1), and reads it to recognise a copy an interrupted run already made; it cannot delete or bypass the lock.`,
        );
      }
      for (const bucket of [props.bucketNames.reports, props.bucketNames.archive]) {
        fn.addToRolePolicy(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['s3:ListBucket'],
            resources: [`arn:${Aws.PARTITION}:s3:::${bucket}`],
            conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
          }),
        );
      }
    };

    /**
     * The job that delivers notices (its worker, issue 20) holds, alone, the settings of the SMS gateway and of the
     * webhook (`SMS_*`, `WEBHOOK_*`) and secretsmanager:GetSecretValue on exactly the configured secrets (ARNs built
     * from the partition, so the same template works in aws-cn); kms:Decrypt on the field key comes from
     * PERSONAL_DATA_JOBS. No other function can read a channel secret or open a phone.
     */
    const grantNoticeChannels = (fn: AppFunction, jobId: string) => {
      const secrets: string[] = [];
      if (config.sms) {
        const { sms } = config;
        fn.addEnvironment(SMS_ENV.provider, sms.provider)
          .addEnvironment(SMS_ENV.endpoint, sms.endpoint)
          .addEnvironment(SMS_ENV.secret, sms.secret)
          .addEnvironment(SMS_ENV.templates, sms.templates);
        if (sms.signName) fn.addEnvironment(SMS_ENV.signName, sms.signName);
        if (sms.appId) fn.addEnvironment(SMS_ENV.appId, sms.appId);
        if (sms.region) fn.addEnvironment(SMS_ENV.region, sms.region);
        secrets.push(sms.secret);
      }
      if (config.webhook) {
        fn.addEnvironment(WEBHOOK_ENV.format, config.webhook.format)
          .addEnvironment(WEBHOOK_ENV.url, config.webhook.url)
          .addEnvironment(WEBHOOK_ENV.secret, config.webhook.secret);
        secrets.push(config.webhook.secret);
      }
      if (secrets.length === 0) return;
      const arns = [...new Set(secrets.map((ref) => secretArn(this, ref)))];
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['secretsmanager:GetSecretValue'],
          resources: arns,
        }),
      );
      const named = arns.filter((arn) => arn.endsWith('-??????'));
      if (named.length > 0) {
        acknowledgeWildcardResources(
          fn.role as Role,
          named,
          `The job ${jobId} reads the channel secrets configured by name; Secrets Manager appends six random characters to a secret's ARN, so "-??????" is the narrowest ARN of that one secret.`,
        );
      }
    };

    /**
     * Issue 20: a fanned-out job's scheduled function is its dispatcher; it may only send to its work queue. The
     * worker consumes the queue through an event source mapping (batches of the manifest's size, at most its
     * maximum concurrency at a time, the failed records of a batch reported in batchItemFailures so only they come
     * back); a message received WORK_MAX_RECEIVE_COUNT times is parked in the dead-letter queue, whose depth raises
     * an alarm. The worker has the grants of the job it works for (the same use cases, the same records).
     */
    const fanOutOf = (
      jobId: string,
      job: JobDefinition,
      fanOut: FanOutDefinition,
      dispatcher: AppFunction,
    ) => {
      const deadLetters = new Queue(this, `WorkDeadLetters-${jobId}`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: config.removalPolicy,
      });
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself the dead-letter queue of the ${jobId} work queue: the items its worker failed ${WORK_MAX_RECEIVE_COUNT} times. An alarm watches its depth; an operator inspects and redrives it to the work queue.`,
      });
      const queue = new Queue(this, `Work-${jobId}`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(WORK_VISIBILITY_TIMEOUT_SECONDS),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: WORK_MAX_RECEIVE_COUNT },
        removalPolicy: config.removalPolicy,
      });
      queue.grantSendMessages(dispatcher);
      dispatcher.addEnvironment(WORK_QUEUE_URL_ENV, queue.queueUrl);
      const worker = writer(
        `Worker-${jobId}`,
        fanOut.worker,
        `${job.description}：逐项处理（工作队列）`,
        Duration.seconds(WORKER_TIMEOUT_SECONDS),
        job.deliversNotices === true,
      );
      if (job.archives) grantArchiveCopies(worker, jobId, job.archives);
      if (job.deliversNotices) grantNoticeChannels(worker, jobId);
      worker.addEventSource(
        new SqsEventSource(queue, {
          batchSize: fanOut.batchSize,
          maxConcurrency: fanOut.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
      const alarm = new Alarm(this, `WorkDeadLettersAlarm-${jobId}`, {
        alarmDescription: `${jobId}：工作队列中有事项多次处理失败，已转入死信队列，请检查日志后重新投递`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      return { worker, queue, deadLetters, alarm };
    };

    const fanOuts: Record<string, { worker: AppFunction; queue: Queue; deadLetters: Queue; alarm: Alarm }> =
      {};
    const jobFunctions: Record<string, AppFunction> = {};
    for (const [jobId, job] of Object.entries(jobs) as [string, JobDefinition][]) {
      const fn = writer(
        `Job-${jobId}`,
        job.handler,
        job.description,
        Duration.seconds(JOB_TIMEOUT_SECONDS),
        // A job that fans out sends from its worker; its dispatcher sends nothing.
        job.deliversNotices === true && !job.fanOut,
      );
      // The scheduler invokes asynchronously: a job that throws is retried by Lambda, then parked in the queue.
      fn.configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(this.failures),
      });
      if (job.archives) grantArchiveCopies(fn, jobId, job.archives);
      // A job that fans out sends from its worker (fanOutOf grants it there); its dispatcher sends nothing.
      if (job.deliversNotices && !job.fanOut) grantNoticeChannels(fn, jobId);
      if (job.fanOut) fanOuts[jobId] = fanOutOf(jobId, job, job.fanOut, fn);
      jobFunctions[jobId] = fn;
      new Schedule(this, `Schedule-${jobId}`, {
        description: job.description,
        schedule: ScheduleExpression.expression(job.schedule, TimeZone.of(job.timeZone)),
        target: new LambdaInvoke(fn, {
          role: schedulerRole,
          input: ScheduleTargetInput.fromObject({ jobId, scheduledTime: ContextAttribute.scheduledTime }),
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.failures,
        }),
      });
      acknowledgeWildcardResources(
        schedulerRole,
        [`${fn.functionArn}:*`],
        `CDK grants lambda:InvokeFunction on the job function ${jobId} and on its qualified ARNs (versions and aliases, ":*"); the resource is that one function, nothing else.`,
      );
    }
    this.jobFunctions = jobFunctions;
    this.fanOuts = fanOuts;

    // Imported by name, not used as the stateful stack's Bucket object: a notification added to a bucket of the
    // stateful stack would live in that stack and point at a function of this one, while this stack already
    // depends on that one (a dependency cycle).
    const reports = Bucket.fromBucketAttributes(this, 'ReportsBucket', {
      bucketName: props.reportsBucket.bucketName,
    });
    const triggerFunctions: Record<string, AppFunction> = {};
    for (const [triggerId, trigger] of Object.entries(triggers) as [string, TriggerDefinition][]) {
      if (trigger.bucket !== 'reports') {
        throw new Error(`trigger ${triggerId}: only the reports bucket has triggers (got ${trigger.bucket})`);
      }
      const fn = writer(
        `Trigger-${triggerId}`,
        trigger.handler,
        trigger.description,
        Duration.minutes(trigger.timeoutMinutes ?? 2),
        false,
        trigger.bundleFiles,
      );
      const bucketName = props.reportsBucket.bucketName;
      if (trigger.objects === 'read') {
        // A bulk import reads its file and keeps it (the record of what was imported): read only, under its prefix.
        fn.allowObjects(
          bucketName,
          trigger.prefix,
          ['s3:GetObject'],
          `The trigger ${triggerId} reads each file uploaded under ${trigger.prefix} (a bulk import) and writes records through the use cases; it never changes or deletes the file, which stays as the record of what was imported. Files are named per import, so the prefix is the narrowest resource.`,
        );
        for (const event of trigger.events) {
          reports.addEventNotification(event as EventType, new LambdaDestination(fn), {
            prefix: trigger.prefix,
          });
        }
        triggerFunctions[triggerId] = fn;
        continue;
      }
      // Validation moves each upload: it reads it, copies it (a read of the source, a put of the target) to
      // reports/ or quarantine/, then deletes it under the trigger's prefix. Nothing can delete anywhere else.
      fn.allowObjects(
        bucketName,
        trigger.prefix,
        ['s3:GetObject', 's3:DeleteObject'],
        `The trigger ${triggerId} reads each upload under ${trigger.prefix} and deletes it there once it is copied to ${REPORTS_PREFIX} or ${QUARANTINE_PREFIX} (R9.4). The bucket is versioned and no lifecycle rule expires anything, so the delete only adds a delete marker: the uploaded bytes stay as a noncurrent version (R10.1). Uploads are named per slot and upload, so the prefix is the narrowest resource.`,
      )
        .allowObjects(
          bucketName,
          REPORTS_PREFIX,
          ['s3:PutObject'],
          `The trigger ${triggerId} writes an upload that passed validation under ${REPORTS_PREFIX} as a new version of its slot, named per slot and upload (R9.4); it can put there but never delete, and the prefix is outside ${trigger.prefix}, so the copy does not trigger it again.`,
        )
        .allowObjects(
          bucketName,
          QUARANTINE_PREFIX,
          ['s3:PutObject'],
          `The trigger ${triggerId} writes an upload that failed validation under ${QUARANTINE_PREFIX}, named per slot and upload, with the reasons on the submission (R9.4); it can put there but never delete, and the prefix is outside ${trigger.prefix}, so the copy does not trigger it again.`,
        );
      for (const event of trigger.events) {
        reports.addEventNotification(event as EventType, new LambdaDestination(fn), {
          prefix: trigger.prefix,
        });
      }
      triggerFunctions[triggerId] = fn;
    }
    this.triggerFunctions = triggerFunctions;
    // CDK's singleton handler (`BucketNotificationsHandler<uuid>`), created by the first addEventNotification.
    for (const notifications of this.node.children.filter((c) =>
      c.node.id.startsWith('BucketNotificationsHandler'),
    )) {
      Validations.of(notifications).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The role of CDK’s own bucket-notification handler, which runs only during deployment to write the reports bucket’s notification configuration; the AWS managed policy lets it write its logs and nothing more.',
      });
    }

    // Seeds the divisions and the first policy version (idempotent: it only adds what is missing). It runs again
    // whenever its code or configuration changes, i.e. whenever what it seeds could have changed.
    this.seedFunction = writer(
      'SeedReferenceData',
      seedHandler,
      'Seeds reference data after deployment',
      Duration.minutes(5),
      false,
    );
    new Trigger(this, 'SeedAfterDeploy', {
      handler: this.seedFunction,
      executeOnHandlerChange: true,
      timeout: Duration.minutes(5),
    });
  }
}

/**
 * The ARN of a Secrets Manager secret given by ARN (as is) or by name: in the stack's partition, region and
 * account, with the `-??????` suffix Secrets Manager adds to every secret's ARN.
 */
export const secretArn = (scope: Construct, ref: string): string =>
  ref.startsWith('arn:')
    ? ref
    : Stack.of(scope).formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${ref}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
