import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const EVALUATOR = { orgId: 'org-tp-a', name: '第三方评估机构 A' };
const REPORT = ['历下区解放路街道社工站评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议'];
const FULL = {
  'administration.systems': 5,
  'administration.staffing': 5,
  'administration.archives': 5,
  'finance.ledger': 8,
  'finance.use': 7,
  'delivery.tasks': 20,
  'delivery.quality': 15,
  'delivery.reports': 10,
  'social.satisfaction': 10,
  'social.community': 5,
  'publicity.outreach': 5,
  'publicity.innovation': 5,
};
/** The third party's 62 points, and 50 after it marks down the ledger and satisfaction. */
const SIXTY_TWO = { ...FULL, 'delivery.tasks': 0, 'delivery.quality': 0, 'publicity.outreach': 2 };
const FIFTY = { ...SIXTY_TWO, 'finance.ledger': 0, 'social.satisfaction': 6 };
const CHANGE = '复核财务台账与满意度问卷后调整第三方评分';

/**
 * Issue 18 (3): a graded evaluation is not re-graded silently. Once a total and grade exist a changed score needs a
 * reason, which the audit keeps with the totals and grades before and after and the other parties are told; from
 * the district's confirmation the scores are locked (R18.1) until a re-evaluation. The clock is pinned to
 * Wednesday 2026-11-25 10:00 Asia/Shanghai.
 */
describe('score changes and locked scores over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let id: string;
  let contractId: string;
  const evaluation = async () => (await api('GET', `/evaluations/${id}`, { as: 'city.mz' })).body;
  const scores = async (as: string, body: object) =>
    api('PUT', `/evaluations/${id}/scores`, { as, body: { version: (await evaluation()).version, ...body } });
  const step = async (what: 'confirmation' | 'publicity', extra: object = {}) =>
    api('POST', `/evaluations/${id}/${what}`, {
      as: 'lixia.mz',
      body: { version: (await evaluation()).version, ...extra },
    });
  const inbox = async (as: string) =>
    (await api('GET', '/notifications?limit=100', { as })).body.items as {
      type: string;
      body: string;
    }[];

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '测试地址' },
    });
    const terms = contractTerms('LX-REEVAL-2026', 'org-op-a');
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...terms,
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    contractId = contract.body.id;
    await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    const created = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'lixia.mz',
      body: { serviceYear: 1, evaluator: EVALUATOR, planned: { start: '2026-12-01', end: '2026-12-20' } },
    });
    id = created.body.id;
    for (const [as, body] of [
      ['tp.a', { indicators: SIXTY_TWO }],
      ['lixia.mz', { score: 62 }],
      ['jiefanglu.jd', { score: 62 }],
    ] as const) {
      expect((await scores(as, body)).status).toBe(200);
    }
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('refuses to re-grade 合格 as 不合格 without a reason, and takes the change with one', async () => {
    expect((await evaluation()).result).toMatchObject({ total: '62.0000', grade: 'qualified' });
    const silent = await scores('tp.a', { indicators: FIFTY });
    expect(silent).toMatchObject({
      status: 422,
      body: {
        code: 'SCORE_CHANGE_REASON_REQUIRED',
        title: '修改分数须说明理由',
        errors: [{ path: 'body.reason', message: '请填写修改分数的理由' }],
      },
    });
    expect((await evaluation()).result).toMatchObject({ total: '62.0000', grade: 'qualified' });
    // The same points again change nothing and need no reason.
    expect((await scores('jiefanglu.jd', { score: 62 })).status).toBe(200);
    const changed = await scores('tp.a', { indicators: FIFTY, reason: CHANGE });
    expect(changed.status).toBe(200);
    // 50 × 60 % + 62 × 30 % + 62 × 10 % = 54.8
    expect(changed.body).toMatchObject({
      status: 'scored',
      result: { total: '54.8000', grade: 'unqualified' },
    });
  });

  it('audits the change with the totals and grades before and after and its reason, and tells the other parties', async () => {
    const audit = await api('GET', `/audit?entityType=evaluation&entityId=${id}`, { as: 'lixia.mz' });
    const change = (
      audit.body.items as { action: string; reason?: string; before: object; after: object }[]
    ).find((a) => a.action === 'evaluation.score-change.thirdParty');
    expect(change).toMatchObject({
      reason: CHANGE,
      before: { total: '62.0000', grade: 'qualified' },
      after: { total: '54.8000', grade: 'unqualified' },
    });
    for (const as of ['lixia.mz', 'jiefanglu.jd', 'op.a']) {
      const notice = (await inbox(as)).find((n) => n.type === 'evaluation.score-changed');
      expect(notice?.body, as).toContain('由 62.0000 分（合格） 变为 54.8000 分（不合格）');
      expect(notice?.body, as).toContain(CHANGE);
    }
    expect((await inbox('tp.a')).some((n) => n.type === 'evaluation.score-changed')).toBe(false);
  });

  it('locks the scores once the district confirms the report, pointing to a re-evaluation (R18.1)', async () => {
    const bytes = await makePdf(REPORT);
    const ticket = await api('POST', `/reports/EVAL-${id}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: bytes.byteLength },
    });
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    await runtime.s3.drain();
    expect((await step('confirmation')).body.status).toBe('confirmed');
    const locked = await scores('lixia.mz', { score: 70, reason: '补充走访后上调' });
    expect(locked).toMatchObject({
      status: 409,
      body: { code: 'EVALUATION_SCORES_LOCKED', title: '评估报告已确认，分数已锁定' },
    });
    expect(locked.body.detail).toContain('重新评估');
    expect((await evaluation()).scores.district).toBe(6200);
  });
});
