import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUARANTINE_PREFIX, REPORTS_PREFIX } from '#infra/stacks/jobs-stack';
import { quarantineKey, uploadKey, versionKey } from '#shared/adapters/s3/reports-store';
import { type JobDefinition, jobs, type TriggerDefinition, triggers } from '#shared/manifest';
import { environmentOf, grantsOfRole, logicalIdOf, type Synthesized, synthesize } from './synth';

const manifestJobs = Object.entries(jobs) as [string, JobDefinition][];
const manifestTriggers = Object.entries(triggers) as [string, TriggerDefinition][];
const MAIL_FROM = 'noreply@sgz.jinan.example';

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
  const grantsOf = (fn: (IConstruct & { role?: IConstruct }) | undefined, service: string, of = built) =>
    grantsOfRole(of.templates.jobs, logicalIdOf(of.jobs, fn?.role ?? of.jobs), service);
  /** Every function of the stack: the jobs' (dispatchers and workers), the triggers' and the seed. */
  const allFunctions = (of: Synthesized) => [
    ...Object.values(of.jobs.jobFunctions),
    ...Object.values(of.jobs.fanOuts).map((f) => f.worker),
    ...Object.values(of.jobs.triggerFunctions),
    of.jobs.seedFunction,
  ];
  /** An object prefix of the reports bucket, as the finding names it (the bucket name is an import). */
  const reportsObjects = (prefix: string) =>
    `arn:<AWS::Partition>:s3:::${built.stateful.stackName}-ReportsBucketName/${prefix}*`;

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
    const policy = Object.values(built.templates.jobs.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: failureQueueId() }]),
    );

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

  it('lets the report trigger read and delete uploads, and only put objects under reports/ and quarantine/', () => {
    for (const [triggerId, trigger] of manifestTriggers) {
      if (trigger.objects === 'read') continue;
      expect(grantsOf(built.jobs.triggerFunctions[triggerId], 's3')).toEqual({
        [reportsObjects(trigger.prefix)]: ['s3:DeleteObject', 's3:GetObject'],
        [reportsObjects(REPORTS_PREFIX)]: ['s3:PutObject'],
        [reportsObjects(QUARANTINE_PREFIX)]: ['s3:PutObject'],
      });
    }
  });

  it('lets the import trigger only read the files under imports/, and gives it the Lambda maximum of 15 minutes', () => {
    const [triggerId, trigger] = manifestTriggers.find(([id]) => id === 'process-import') as [
      string,
      TriggerDefinition,
    ];
    expect(grantsOf(built.jobs.triggerFunctions[triggerId], 's3')).toEqual({
      [reportsObjects(trigger.prefix)]: ['s3:GetObject'],
    });
    const fn = Object.values(built.templates.jobs.findResources('AWS::Lambda::Function')).find((r) =>
      JSON.stringify(r).includes('批量导入'),
    ) as { Properties: { Timeout: number } };
    expect(fn.Properties.Timeout).toBe(900);
  });

  it('lets the archive job read documents, put them with their retention into the archive, and nothing more', () => {
    const archiveObjects = (prefix: string) =>
      `arn:<AWS::Partition>:s3:::${built.stateful.stackName}-ArchiveBucketName/${prefix}*`;
    for (const [jobId, job] of manifestJobs) {
      const grants = grantsOf(built.jobs.jobFunctions[jobId], 's3');
      if (!job.archives) {
        expect(grants, jobId).toEqual({});
        continue;
      }
      const objects = Object.fromEntries(Object.entries(grants).filter(([arn]) => arn.endsWith('*')));
      expect(objects, jobId).toEqual(
        Object.fromEntries(
          job.archives.flatMap((prefix) => [
            [reportsObjects(prefix), ['s3:GetObject']],
            [archiveObjects(prefix), ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention']],
          ]),
        ),
      );
      expect(Object.values(grants).flat()).not.toContain('s3:BypassGovernanceRetention');
      expect(
        environmentOf(built.templates.jobs, built.jobs, built.jobs.jobFunctions[jobId] ?? built.jobs),
      ).toMatchObject({
        ARCHIVE_LOCK_MODE: 'COMPLIANCE',
      });
    }
  });

  it('lets no function of the stack delete an object outside uploads/', () => {
    const deletes = allFunctions(built).flatMap((fn) =>
      Object.entries(grantsOf(fn, 's3'))
        .filter(([, actions]) => actions.some((action) => /Delete|\*/.test(action)))
        .map(([arn]) => arn),
    );

    expect([...new Set(deletes)]).toEqual([reportsObjects('uploads/')]);
  });

  it('grants the prefixes the reports store writes to, outside the trigger prefix', () => {
    const uploads = triggers['validate-report'].prefix;
    const slot = 'slot-1';
    const upload = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';

    expect(uploadKey(slot, upload, 'pdf').startsWith(uploads)).toBe(true);
    expect(versionKey(slot, upload, 'pdf').startsWith(REPORTS_PREFIX)).toBe(true);
    expect(quarantineKey(`${slot}/${upload}`).startsWith(QUARANTINE_PREFIX)).toBe(true);
    expect([REPORTS_PREFIX, QUARANTINE_PREFIX].filter((prefix) => prefix.startsWith(uploads))).toEqual([]);
  });

  it('gives the report trigger 1024 MB, the memory the README states a 10 MB PDF is validated in', () => {
    const functions = built.templates.jobs.findResources('AWS::Lambda::Function');

    for (const fn of Object.values(built.jobs.triggerFunctions)) {
      expect(functions[logicalIdOf(built.jobs, fn)]?.Properties.MemorySize).toBe(1024);
    }
  });

  it('grants no function SES and sets no MAIL_FROM when the stage has no mailFrom', () => {
    for (const fn of allFunctions(built)) {
      expect(grantsOf(fn, 'ses'), fn.node.id).toEqual({});
      expect(environmentOf(built.templates.jobs, built.jobs, fn), fn.node.id).not.toHaveProperty('MAIL_FROM');
    }
  });

  it('with mailFrom, lets the notice-delivery worker alone send e-mail as its identity, with the sender', () => {
    const mailing = synthesize({ mailFrom: MAIL_FROM });
    const identity = 'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/sgz.jinan.example';
    const sender = mailing.jobs.fanOuts['notice-delivery']?.worker;
    if (!sender) throw new Error('no notice-delivery worker');

    expect(grantsOf(sender, 'ses', mailing)).toEqual({ [identity]: ['ses:SendEmail'] });
    expect(environmentOf(mailing.templates.jobs, mailing.jobs, sender).MAIL_FROM).toBe(MAIL_FROM);
    // Every other job, its dispatcher, every worker, trigger and the seed only creates deliveries.
    const others = allFunctions(mailing).filter((fn) => fn !== sender);
    expect(others.length).toBeGreaterThan(2 * manifestJobs.length);
    for (const fn of others) {
      expect(grantsOf(fn, 'ses', mailing), fn.node.id).toEqual({});
      const env = environmentOf(mailing.templates.jobs, mailing.jobs, fn);
      expect(env, fn.node.id).not.toHaveProperty('MAIL_FROM');
      expect(env.MAIL_ENABLED, fn.node.id).toBe('true');
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
