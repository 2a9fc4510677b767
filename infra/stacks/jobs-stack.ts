import { Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
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
import { type JobDefinition, jobs, seedHandler, type TriggerDefinition, triggers } from '#shared/manifest';
import { physicalBucketName, type StageConfig } from '../config';
import { AppFunction } from '../constructs/app-function.construct';

export interface JobsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly mainTable: ITable;
  readonly auditTable: ITable;
}

/**
 * The work nobody asks for over HTTP: one EventBridge Scheduler schedule per manifest job (Asia/Shanghai, with
 * retries and a dead-letter queue), the reports bucket's ObjectCreated trigger, and the idempotent seed that
 * runs after each deployment.
 */
export class JobsStack extends Stack {
  readonly jobFunctions: Record<string, AppFunction> = {};
  readonly triggerFunctions: Record<string, AppFunction> = {};

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const fn = (fid: string, handlerModule: string, description: string, timeout = Duration.minutes(5)) =>
      new AppFunction(this, fid, {
        handlerModule,
        description,
        timeout,
        memorySize: 1024,
        logRetention: config.logRetention,
        removalPolicy: config.removalPolicy,
      })
        .bindTable(props.mainTable, 'main', 'RW')
        .bindAudit(props.auditTable)
        .bindBucketName('reports', physicalBucketName(config, 'reports'))
        .bindBucketName('archive', physicalBucketName(config, 'archive'));

    const deadLetters = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the schedules.',
    });

    for (const [jobId, job] of Object.entries(jobs) as [string, JobDefinition][]) {
      const handler = fn(`Job-${jobId}`, job.handler, job.description);
      this.jobFunctions[jobId] = handler;
      new Schedule(this, `Schedule-${jobId}`, {
        description: job.description,
        schedule: ScheduleExpression.expression(job.schedule, TimeZone.ASIA_SHANGHAI),
        target: new LambdaInvoke(handler, {
          input: ScheduleTargetInput.fromObject({ jobId, scheduledTime: ContextAttribute.scheduledTime }),
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: deadLetters,
        }),
      });
    }

    // Addressed by its fixed name, not imported from the stateful stack: a notification on a bucket of another
    // stack would make the two stacks depend on each other.
    const reports = Bucket.fromBucketName(this, 'ReportsBucket', physicalBucketName(config, 'reports'));
    for (const [triggerId, trigger] of Object.entries(triggers) as [string, TriggerDefinition][]) {
      const handler = fn(`Trigger-${triggerId}`, trigger.handler, trigger.description, Duration.minutes(2));
      // Read the uploaded object, tag it, and copy a failed one to quarantine/; never delete (R9.4, R10.1).
      handler.addToRolePolicy(
        new PolicyStatement({
          actions: [
            's3:GetObject',
            's3:GetObjectVersion',
            's3:GetObjectTagging',
            's3:PutObjectTagging',
            's3:PutObject',
          ],
          resources: [reports.arnForObjects(`${trigger.prefix}*`), reports.arnForObjects('quarantine/*')],
        }),
      );
      Validations.of(handler.role as Role).acknowledge(
        ...[trigger.prefix, 'quarantine/'].map((prefix) => ({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::sgz-${config.stage}-reports-<AWS::AccountId>-<AWS::Region>/${prefix}*]`,
          reason: `Reads uploads under ${trigger.prefix} and writes failed ones under quarantine/; object names are generated at upload time, so the prefix is the narrowest resource possible.`,
        })),
      );
      reports.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(handler), {
        prefix: trigger.prefix,
      });
      this.triggerFunctions[triggerId] = handler;
    }

    // The scheduler's role may invoke each job function, including its versions (`<arn>:*`), as CDK grants it.
    Validations.of(this).acknowledge(
      ...Object.values(this.jobFunctions).map((job) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.getLogicalId(job.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'EventBridge Scheduler invokes the job function by ARN; CDK grants its qualified versions (:*) too.',
      })),
    );
    const notifications = this.node.tryFindChild(
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    );
    if (notifications) {
      Validations.of(notifications).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'CDK’s own bucket-notification custom resource handler, run only at deployment, uses the basic execution managed policy.',
      });
    }

    const seed = fn('SeedReferenceData', seedHandler, 'Seeds divisions and the policy after each deployment');
    new Trigger(this, 'SeedAfterDeploy', {
      handler: seed,
      executeOnHandlerChange: true,
      timeout: Duration.minutes(5),
    });
  }
}
