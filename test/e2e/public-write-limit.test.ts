import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_WRITE_LIMIT_ENV } from '#shared/http/public-write-limit';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

/**
 * The public writes' per-source allowance (shared/http/public-write-limit.ts), as deployed with
 * `publicWritesPerSourcePerHour`: here 3 per route and hour, so the fourth complaint from this machine is refused
 * with a 429 problem in zh-CN that says when to come back, while what was filed stays filed, a malformed request is
 * still told what is wrong with it, and the signed-in routes are not counted.
 */
describe('public writes: an hourly allowance per network source', () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;
  const complain = (content: string) => api('POST', '/public/complaints', { body: { stationId, content } });

  beforeAll(async () => {
    process.env[PUBLIC_WRITE_LIMIT_ENV] = '3';
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    stationId = (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
      })
    ).body.id;
  });
  afterAll(async () => {
    delete process.env[PUBLIC_WRITE_LIMIT_ENV];
    await runtime?.dispose();
  });

  it('takes three complaints in the hour and refuses the fourth with 429 RATE_LIMITED and Retry-After', async () => {
    for (const n of [1, 2, 3]) expect((await complain(`第 ${n} 条：活动室周末不开放`)).status).toBe(201);

    const refused = await fetch(`${runtime.apiUrl}/public/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stationId, content: '第 4 条：活动室周末不开放' }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused.json()) as { detail: string };
    expect(problem).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: '提交过于频繁' });
    expect(problem.detail).toMatch(/每小时最多提交 3 次.*分钟后再试/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it('still tells a malformed request what is wrong (400), and keeps every complaint filed before the limit', async () => {
    const bad = await api('POST', '/public/complaints', { body: { stationId, content: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const listed = await api('GET', '/complaints?district=370102', { as: 'lixia.mz' });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { content: string }) => c.content).sort()).toEqual([
      '第 1 条：活动室周末不开放',
      '第 2 条：活动室周末不开放',
      '第 3 条：活动室周末不开放',
    ]);
  });

  it('does not count the signed-in routes: the district keeps writing', async () => {
    for (const n of [2, 3, 4, 5]) {
      const created = await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: `37010200${n}`, address: `经十路 ${n} 号` },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  });
});
