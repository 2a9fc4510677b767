import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#infra/local/api-gateway';
import { jobHandler } from '#shared/jobs/job-handler';
import { JOB_TIMEOUT_SECONDS } from '#shared/manifest';

describe('scheduled job factory', () => {
  it('runs for the Asia/Shanghai date of the scheduled time, not of the delivery', async () => {
    const seen: string[] = [];
    const handler = jobHandler('report-deadlines', async ({ today }) => {
      seen.push(today);
      return { examined: 0, acted: 0, failed: 0 };
    });
    // 16:30 UTC on the 24th is 00:30 on the 25th in Shanghai.
    await handler({ jobId: 'report-deadlines', scheduledTime: '2026-11-24T16:30:00Z' }, lambdaContext('t'));
    expect(seen).toEqual(['2026-11-25']);
  });

  it('refuses an event that is not the scheduler payload of this job', async () => {
    const handler = jobHandler('report-deadlines', async () => ({ examined: 0, acted: 0, failed: 0 }));
    await expect(
      handler({ jobId: 'report-deadlines', scheduledTime: 'yesterday' }, lambdaContext('t')),
    ).rejects.toThrow(/Malformed scheduler event/);
    await expect(
      handler({ jobId: 'publicity-closing', scheduledTime: '2026-11-24T16:30:00Z' }, lambdaContext('t')),
    ).rejects.toThrow(/Malformed scheduler event/);
  });

  it('runs a job as long as its context allows and stops it when that runs out; jobs get the job timeout', async () => {
    const handler = jobHandler(
      'archive-copies',
      () => new Promise((ok) => setTimeout(() => ok({ examined: 1, acted: 1, failed: 0 }), 300)),
    );
    const event = { jobId: 'archive-copies', scheduledTime: '2026-11-24T16:30:00Z' };
    await expect(handler(event, lambdaContext('archive-copies', 2_000))).resolves.toMatchObject({ acted: 1 });
    await expect(handler(event, lambdaContext('archive-copies', 100))).rejects.toThrow(/abort/i);

    // What the local scheduler gives a job, as AWS does: the job functions' timeout, counting down.
    const context = lambdaContext('archive-copies', JOB_TIMEOUT_SECONDS * 1000);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(JOB_TIMEOUT_SECONDS * 1000 - 1_000);
    expect(JOB_TIMEOUT_SECONDS).toBe(300);
  });
});
