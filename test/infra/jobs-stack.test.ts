import { beforeAll, describe, expect, it } from 'vitest';
import { QUARANTINE_PREFIX } from '#infra/stacks/jobs-stack';
import { type JobDefinition, jobs, type TriggerDefinition, triggers } from '#shared/manifest';
import { actionsOf, logicalIdOf, type Synthesized, statementsOfRole, synthesize } from './synth';

const manifestJobs = Object.entries(jobs) as [string, JobDefinition][];
const manifestTriggers = Object.entries(triggers) as [string, TriggerDefinition][];

describe('the jobs stack', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize();
  });

  const schedules = () => Object.values(built.templates.jobs.findResources('AWS::Scheduler::Schedule'));
  const jobFunctionId = (jobId: string) => {
    const fn = built.jobs.jobFunctions[jobId];
    if (!fn) throw new Error(`no function for job ${jobId}`);
    return logicalIdOf(built.jobs, fn);
  };
  const failureQueueId = () => logicalIdOf(built.jobs, built.jobs.failures);

  it("has one schedule per manifest job, with the job's cron expression in its time zone", () => {
    const byJob = Object.fromEntries(
      schedules().map((s) => [
        JSON.parse(s.Properties.Target.Input).jobId,
        [s.Properties.ScheduleExpression, s.Properties.ScheduleExpressionTimezone],
      ]),
    );

    expect(schedules()).toHaveLength(manifestJobs.length);
    expect(byJob).toEqual(
      Object.fromEntries(manifestJobs.map(([id, job]) => [id, [job.schedule, 'Asia/Shanghai']])),
    );
  });

  it("invokes each job's own function with its id and the scheduler's scheduled time", () => {
    for (const [jobId] of manifestJobs) {
      const schedule = schedules().find((s) => JSON.parse(s.Properties.Target.Input).jobId === jobId);

      expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual({
        jobId,
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
      expect(schedule?.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': [jobFunctionId(jobId), 'Arn'] });
    }
  });

  it('retries an undelivered invocation, then parks it in the failure queue', () => {
    for (const schedule of schedules()) {
      expect(schedule.Properties.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(schedule.Properties.Target.DeadLetterConfig).toEqual({
        Arn: { 'Fn::GetAtt': [failureQueueId(), 'Arn'] },
      });
    }
  });

  it('parks a job invocation that still fails after its retries in the failure queue', () => {
    const configs = Object.values(built.templates.jobs.findResources('AWS::Lambda::EventInvokeConfig'));

    for (const [jobId] of manifestJobs) {
      const config = configs.find((c) => c.Properties.FunctionName.Ref === jobFunctionId(jobId));
      expect(config?.Properties.DestinationConfig).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': [failureQueueId(), 'Arn'] } },
      });
    }
  });

  it('encrypts the failure queue and refuses requests to it without TLS', () => {
    const queue = built.templates.jobs.findResources('AWS::SQS::Queue')[failureQueueId()];
    const [policy] = Object.values(built.templates.jobs.findResources('AWS::SQS::QueuePolicy'));

    expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
    expect(policy?.Properties.Queues).toEqual([{ Ref: failureQueueId() }]);
    expect(policy?.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
  });

  it('invokes each storage trigger on ObjectCreated under its manifest prefix of the reports bucket', () => {
    const [notifications] = Object.values(
      built.templates.jobs.findResources('Custom::S3BucketNotifications'),
    );

    expect(notifications?.Properties.BucketName).toEqual({
      'Fn::ImportValue': `${built.stateful.stackName}-ReportsBucketName`,
    });
    expect(notifications?.Properties.NotificationConfiguration.LambdaFunctionConfigurations).toEqual(
      manifestTriggers.map(([triggerId, trigger]) => ({
        Events: [...trigger.events],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: trigger.prefix }] } },
        LambdaFunctionArn: {
          'Fn::GetAtt': [
            logicalIdOf(built.jobs, built.jobs.triggerFunctions[triggerId] ?? built.jobs),
            'Arn',
          ],
        },
      })),
    );
  });

  it('lets the report trigger read and tag uploads and write quarantined copies, and delete nothing', () => {
    for (const [triggerId, trigger] of manifestTriggers) {
      const role = logicalIdOf(built.jobs, built.jobs.triggerFunctions[triggerId]?.role ?? built.jobs);
      const s3 = statementsOfRole(built.templates.jobs, role).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('s3:')),
      );
      const read = s3.find((s) => actionsOf(s).includes('s3:GetObject'));
      const write = s3.find((s) => actionsOf(s).includes('s3:PutObject'));

      expect(s3).toHaveLength(2);
      expect(read ? actionsOf(read).sort() : undefined).toEqual(
        ['s3:GetObject', 's3:GetObjectTagging', 's3:GetObjectVersion', 's3:PutObjectTagging'].sort(),
      );
      expect(JSON.stringify(read?.Resource)).toContain(`/${trigger.prefix}*`);
      expect(write ? actionsOf(write) : undefined).toEqual(['s3:PutObject']);
      expect(JSON.stringify(write?.Resource)).toContain(`/${QUARANTINE_PREFIX}*`);
      expect(s3.flatMap(actionsOf).filter((a) => a.includes('Delete') || a.includes('*'))).toEqual([]);
    }
  });

  it('runs the seed function during deployment, and again whenever the function changes', () => {
    const deployTriggers = Object.values(built.templates.jobs.findResources('Custom::Trigger'));
    const seedVersion = Object.entries(built.templates.jobs.findResources('AWS::Lambda::Version')).find(
      ([, version]) =>
        version.Properties.FunctionName.Ref === logicalIdOf(built.jobs, built.jobs.seedFunction),
    )?.[0];

    expect(deployTriggers).toHaveLength(1);
    expect(deployTriggers[0]?.Properties).toMatchObject({
      HandlerArn: { Ref: seedVersion },
      InvocationType: 'RequestResponse',
      ExecuteOnHandlerChange: true,
    });
  });
});
