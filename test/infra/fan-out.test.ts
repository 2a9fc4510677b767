import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORK_QUEUE_URL_ENV } from '#shared/jobs/work-queue';
import {
  type JobDefinition,
  jobs,
  WORK_MAX_RECEIVE_COUNT,
  WORK_VISIBILITY_TIMEOUT_SECONDS,
  WORKER_TIMEOUT_SECONDS,
} from '#shared/manifest';
import { environmentOf, grantsOfRole, logicalIdOf, type Synthesized, synthesize } from './synth';

const fannedOut = (Object.entries(jobs) as [string, JobDefinition][]).filter(([, job]) => job.fanOut);

/** As test/infra/partitions.test.ts deploys to a China region: an OIDC issuer, no Cognito, no SES. */
const CHINA = {
  region: 'cn-northwest-1',
  identityIssuer: 'https://sso.example.cn/realms/sgz',
  identityAudience: 'sgz-portal',
  portalDomain: 'sgz.jinan.gov.cn',
  portalCertificate: 'ASCAQEXAMPLE7CERTIFICATE',
};

/**
 * Issue 20: each fanned-out job of the manifest is a dispatcher (its scheduled function), a work queue, a worker
 * the queue invokes with bounded concurrency and partial-batch failures, and a dead-letter queue with an alarm —
 * the same in the global and the China partitions (synthesized with cdk-nag, which throws on any finding).
 */
describe.each([
  ['the global partition (cn-north-1 default)', {}],
  ['the China partition (cn-northwest-1, an OIDC issuer)', CHINA],
])('fanned-out jobs in %s', (_, context) => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize(context);
  });
  const idOf = (construct: IConstruct) => logicalIdOf(built.jobs, construct);
  const fanOutOf = (jobId: string) => {
    const parts = built.jobs.fanOuts[jobId];
    if (!parts) throw new Error(`no fan-out for ${jobId}`);
    return parts;
  };
  const resource = (type: string, construct: IConstruct) =>
    built.templates.jobs.findResources(type)[idOf(construct)]?.Properties;
  const sqsGrants = (fn: IConstruct & { role?: IConstruct }) =>
    grantsOfRole(built.templates.jobs, logicalIdOf(built.jobs, fn.role ?? fn), 'sqs');

  it('converts every job, notice-delivery too (its dispatcher hands each due delivery on, its worker sends)', () => {
    expect(fannedOut.map(([id]) => id).sort()).toEqual(Object.keys(jobs).sort());
    expect(Object.keys(built.jobs.fanOuts).sort()).toEqual(fannedOut.map(([id]) => id).sort());
  });

  it("feeds each worker from its job's queue in the manifest's batches, at most its maximum concurrency at a time, reporting failed records alone", () => {
    const mappings = Object.values(built.templates.jobs.findResources('AWS::Lambda::EventSourceMapping'));
    for (const [jobId, job] of fannedOut) {
      const { worker, queue } = fanOutOf(jobId);
      const mapping = mappings.find((m) => m.Properties.FunctionName.Ref === idOf(worker));

      expect(mapping?.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [idOf(queue), 'Arn'] },
        BatchSize: job.fanOut?.batchSize,
        ScalingConfig: { MaximumConcurrency: job.fanOut?.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(resource('AWS::Lambda::Function', worker)?.Timeout).toBe(WORKER_TIMEOUT_SECONDS);
    }
  });

  it('hides a received message for six worker timeouts and parks one received five times in an encrypted dead-letter queue', () => {
    for (const [jobId] of fannedOut) {
      const { queue, deadLetters } = fanOutOf(jobId);

      expect(resource('AWS::SQS::Queue', queue)).toMatchObject({
        VisibilityTimeout: WORK_VISIBILITY_TIMEOUT_SECONDS,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [idOf(deadLetters), 'Arn'] },
          maxReceiveCount: WORK_MAX_RECEIVE_COUNT,
        },
      });
      expect(WORK_VISIBILITY_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(6 * WORKER_TIMEOUT_SECONDS);
      expect(resource('AWS::SQS::Queue', deadLetters)).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
  });

  it('raises an alarm as soon as one message is in a dead-letter queue', () => {
    for (const [jobId] of fannedOut) {
      const { deadLetters, alarm } = fanOutOf(jobId);

      expect(resource('AWS::CloudWatch::Alarm', alarm)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(deadLetters), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
      });
    }
  });

  it('lets the dispatcher only send to its own work queue, named in its environment, and the worker only consume it', () => {
    for (const [jobId] of fannedOut) {
      const { worker, queue } = fanOutOf(jobId);
      const dispatcher = built.jobs.jobFunctions[jobId] as IConstruct & { role?: IConstruct };
      const queueArn = `<${idOf(queue)}.Arn>`;
      const send = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];

      expect(environmentOf(built.templates.jobs, built.jobs, dispatcher)[WORK_QUEUE_URL_ENV]).toEqual({
        Ref: idOf(queue),
      });
      // Besides its work queue, only the failure queue every job function parks a failed invocation in.
      expect(sqsGrants(dispatcher)).toEqual({
        [queueArn]: send,
        [`<${idOf(built.jobs.failures)}.Arn>`]: send,
      });
      expect(Object.keys(sqsGrants(worker))).toEqual([queueArn]);
      expect(sqsGrants(worker)[queueArn]).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']),
      );
      expect(sqsGrants(worker)[queueArn]).not.toContain('sqs:SendMessage');
    }
  });

  it('gives the worker the tables of the job it works for: it writes the slots and appends their audit records', () => {
    for (const [jobId] of fannedOut) {
      const { worker } = fanOutOf(jobId);
      const dispatcher = built.jobs.jobFunctions[jobId] as IConstruct & { role?: IConstruct };
      const dynamo = (fn: IConstruct & { role?: IConstruct }) =>
        grantsOfRole(built.templates.jobs, logicalIdOf(built.jobs, fn.role ?? fn), 'dynamodb');

      expect(dynamo(worker)).toEqual(dynamo(dispatcher));
    }
  });

  it('writes no ARN of another partition into the jobs template', () => {
    const text = JSON.stringify(built.templates.jobs.toJSON());
    expect(text).not.toMatch(/arn:aws(-cn)?:/);
  });
});
