import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#infra/local/api-gateway';
import { jobHandler } from '#shared/jobs/job-handler';

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
});
