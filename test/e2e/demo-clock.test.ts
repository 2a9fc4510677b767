import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyShiftedToday } from '#infra/local/shifted-clock';
import { resetClock } from '#shared/clock';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { THIRD_PARTY_INDICATORS } from '#test/helpers/evaluation';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

/** `npm run job -- …` (its script, as npm runs it) against the runtime of `dataDir`. */
const root = new URL('../../', import.meta.url).pathname;
const job = (
  args: string[],
  dataDir = '/nonexistent',
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/job.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => {
      out.stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out.stderr += d.toString();
    });
    child.once('exit', (code) => resolve({ code, ...out }));
  });
/** What the user reads, without Node's own warnings (the AWS SDK's about Node 20). */
const lines = (text: string) =>
  text
    .split('\n')
    .filter(
      (l) =>
        l.trim() !== '' &&
        !/warning|NodeDeprecation|node >=22|a\.co\/|trace-warnings|AWS SDK|^\s*To continue|^\s*and security|^\s*More information/i.test(
          l,
        ),
    );

describe('npm run job: a scheduled job as of a day, on the running local system', () => {
  it('lists the jobs with their Chinese names when given none', async () => {
    const listed = await job([]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('用法：npm run job -- <任务> [--on YYYY-MM-DD]');
    expect(listed.stdout).toMatch(/publicity-closing\s+R18\.1 公示期届满关闭/);
    expect(listed.stdout).toMatch(/report-deadlines\s+R9\.3 报告提醒与逾期标记/);
  });

  it('refuses an unknown job or a date that does not exist with one line in Chinese and a non-zero exit', async () => {
    const unknown = await job(['close-everything', '--on', '2026-12-22']);
    expect(unknown.code).toBe(2);
    expect(lines(unknown.stderr)).toEqual([
      expect.stringContaining('没有定时任务 close-everything；可用的任务：'),
    ]);
    const badDate = await job(['publicity-closing', '--on', '2026-02-30']);
    expect(badDate.code).toBe(2);
    expect(lines(badDate.stderr)).toEqual([
      '--on 2026-02-30 不是有效日期：请写成 YYYY-MM-DD 格式的真实日期，例如 --on 2026-12-22。',
    ]);
    const notRunning = await job(['publicity-closing', '--on', '2026-12-22']);
    expect(notRunning.code).toBe(2);
    expect(notRunning.stderr).toContain('没有找到正在运行的本地系统');
  });
});

/**
 * The local runtime started on SGZ_TODAY=2026-12-14 (a Monday): the district publishes an evaluation result "today",
 * and `npm run job -- publicity-closing --on …` closes it once its five working days are over (R18.1).
 */
describe('a publicity period watched closing on a shifted clock', () => {
  type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let evaluationId: string;
  let noticeId: string;
  const evaluation = async () => (await api('GET', `/evaluations/${evaluationId}`, { as: 'city.mz' })).body;

  beforeAll(async () => {
    // What `SGZ_TODAY=2026-12-14 npm start` does before it starts anything.
    applyShiftedToday({ SGZ_TODAY: '2026-12-14' });
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('dates what the API records by the shifted clock: the result is published on SGZ_TODAY', async () => {
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...contractTerms('LX-CLOCK-2026'),
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    const commissioned = await api('POST', `/contracts/${contract.body.id}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
        planned: { start: '2026-12-14', end: '2026-12-18' },
      },
    });
    expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(201);
    evaluationId = commissioned.body.id;
    for (const [as, body] of [
      ['tp.a', { indicators: THIRD_PARTY_INDICATORS }],
      ['lixia.mz', { score: 90.33 }],
      ['jiefanglu.jd', { score: 78.11 }],
    ] as const) {
      const scored = await api('PUT', `/evaluations/${evaluationId}/scores`, {
        as,
        body: { version: (await evaluation()).version, ...body },
      });
      expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    }
    const bytes = await makePdf([
      '2026 年度评估报告',
      '评估概况',
      '评估方法',
      '评估结果',
      '存在问题',
      '改进建议',
    ]);
    const ticket = await api('POST', `/reports/EVAL-${evaluationId}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: bytes.byteLength },
    });
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    await runtime.s3.drain();
    await api('POST', `/evaluations/${evaluationId}/confirmation`, {
      as: 'lixia.mz',
      body: { version: (await evaluation()).version },
    });
    const notice = await api('POST', `/evaluations/${evaluationId}/publicity`, {
      as: 'lixia.mz',
      body: { version: (await evaluation()).version },
    });
    // Published Monday 14 December; the five working days are 15–18 and 21 December.
    expect(notice).toMatchObject({
      status: 201,
      body: { publishedOn: '2026-12-14', period: { startsOn: '2026-12-15', closableOn: '2026-12-22' } },
    });
    noticeId = notice.body.id;
    const uploaded = await api('GET', `/reports/EVAL-${evaluationId}`, { as: 'tp.a' });
    expect(uploaded.body.slot.status).toBe('accepted');
    expect(JSON.stringify(uploaded.body)).toContain('2026-12-14');
  });

  it("runs the job as of the running system's today when no day is given: nothing is due yet", async () => {
    const ran = await job(['publicity-closing'], runtime.dataDir);
    expect(ran.stderr).not.toContain('没有');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('按 2026-12-14 00:10（Asia/Shanghai）运行');
    expect(ran.stdout).toContain('处理 0 项');
    const early = await job(['publicity-closing', '--on', '2026-12-21'], runtime.dataDir);
    expect(early.stdout).toContain('检查 0 项，处理 0 项，失败 0 项（没有需要处理的事项，什么也没改）');
    expect((await evaluation()).status).toBe('in_publicity');
  });

  it('closes the period with `--on` a day after its end; the result is final; a second run changes nothing', async () => {
    const closed = await job(['publicity-closing', '--on', '2026-12-22'], runtime.dataDir);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toContain('publicity-closing（R18.1 公示期届满关闭');
    expect(closed.stdout).toContain('按 2026-12-22 00:10（Asia/Shanghai）运行');
    expect(closed.stdout).toContain('结果：检查 1 项，处理 1 项，失败 0 项。');
    const final = await evaluation();
    expect(final).toMatchObject({ status: 'final', finalOn: '2026-12-22' });
    const publicList = await api('GET', '/public/publicity?status=closed');
    expect(publicList.body.items).toEqual([
      expect.objectContaining({ id: noticeId, closedOn: '2026-12-22' }),
    ]);
    const audit = async () =>
      (await api('GET', `/audit?entityType=evaluation&entityId=${evaluationId}`, { as: 'lixia.mz' })).body
        .items.length as number;
    const auditBefore = await audit();

    const again = await job(['publicity-closing', '--on', '2026-12-22'], runtime.dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('处理 0 项');
    expect(await evaluation()).toEqual(final);
    expect(await audit()).toBe(auditBefore);
  });
});
