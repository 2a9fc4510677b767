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
  const fire = (job: 'publicity-closing', day: string) =>
    runtime.scheduler.fire(job, new Date(`${day}T00:10:00+08:00`)) as Promise<{
      examined: number;
      acted: number;
      failed: number;
    }>;
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

  describe('the district re-evaluates a published result (R18.1)', () => {
    const REASON = '第三方评估报告中满意度问卷样本不足，委托第三方补充调查后重新评分';
    let noticeId: string;
    let objectionId: string;
    const reEvaluate = (body: object) =>
      api('POST', `/evaluations/${id}/re-evaluation`, { as: 'lixia.mz', body });
    const publicity = async (status?: string) =>
      (await api('GET', `/public/publicity${status ? `?status=${status}` : ''}`)).body.items as {
        id: string;
        evaluationId: string;
        status: string;
        total: string;
        period: { startsOn: string };
      }[];
    const objections = async () =>
      (await api('GET', '/objections?district=370102', { as: 'lixia.mz' })).body.items as {
        id: string;
        status: string;
        decision?: { opinion: string };
      }[];

    beforeAll(async () => {
      const published = await step('publicity');
      expect(published.status).toBe(201);
      noticeId = published.body.id;
      const lodged = await api('POST', `/public/publicity/${noticeId}/objections`, {
        body: { content: '满意度问卷只发了十几份，结果不可信' },
      });
      expect(lodged.status).toBe(201);
      objectionId = lodged.body.id;
      expect((await publicity('open')).map((n) => n.id)).toContain(noticeId);
    });

    it('refuses a re-evaluation without a reason (422) or at a stale version (409), changing nothing', async () => {
      const before = await evaluation();
      for (const body of [{ version: before.version }, { version: before.version, reason: '   ' }]) {
        expect(await reEvaluate(body)).toMatchObject({
          status: 422,
          body: {
            code: 'REEVALUATION_REASON_REQUIRED',
            title: '重新评估须说明理由',
            errors: [{ path: 'body.reason', message: '请填写重新评估的理由' }],
          },
        });
      }
      const stale = await reEvaluate({ version: before.version - 1, reason: REASON });
      expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
      // The street office may not re-evaluate (the district's decision).
      expect(
        (
          await api('POST', `/evaluations/${id}/re-evaluation`, {
            as: 'jiefanglu.jd',
            body: { version: before.version, reason: REASON },
          })
        ).status,
      ).toBe(403);
      expect(await evaluation()).toEqual(before);
      expect((await publicity('open')).map((n) => n.id)).toContain(noticeId);
    });

    it('returns the evaluation to scoring with the published result in its history', async () => {
      const before = await evaluation();
      expect(before).toMatchObject({ status: 'in_publicity', publicityId: noticeId, rounds: 1 });
      const reopened = await reEvaluate({ version: before.version, reason: REASON });
      expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'scoring', version: before.version + 1 });
      expect(reopened.body.publicityId).toBeUndefined();
      expect(reopened.body.confirmedAt).toBeUndefined();
      expect(reopened.body.history).toEqual([
        expect.objectContaining({
          result: expect.objectContaining({ total: '54.8000', grade: 'unqualified' }),
          scores: before.scores,
          confirmedAt: before.confirmedAt,
          publicityId: noticeId,
          reason: REASON,
          reopenedBy: 'lixia.mz',
          reopenedByOffice: '历下区民政局',
        }),
      ]);
      expect(await evaluation()).toEqual(reopened.body);
      // Only a confirmed or published evaluation is re-evaluated.
      const again = await reEvaluate({ version: reopened.body.version, reason: REASON });
      expect(again).toMatchObject({ status: 409, body: { code: 'EVALUATION_NOT_CONFIRMED' } });
    });

    it('withdraws the notice from the open publicity, marked 撤回 in the public list, and refuses new objections', async () => {
      expect((await publicity('open')).map((n) => n.id)).not.toContain(noticeId);
      expect((await publicity()).find((n) => n.id === noticeId)).toMatchObject({ status: 'withdrawn' });
      expect((await publicity('withdrawn')).map((n) => n.id)).toContain(noticeId);
      const late = await api('POST', `/public/publicity/${noticeId}/objections`, {
        body: { content: '再提一条质疑' },
      });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ code: 'PUBLICITY_WITHDRAWN', title: '公示已撤回，不再受理质疑' });
      // Past its period the closing job does not close it: the withdrawn result never takes effect.
      expect(await fire('publicity-closing', '2026-12-03')).toEqual({
        examined: 0,
        dispatched: 0,
        acted: 0,
        failed: 0,
      });
      expect((await publicity()).find((n) => n.id === noticeId)?.status).toBe('withdrawn');
      expect((await evaluation()).status).toBe('scoring');
    });

    it('supersedes the open objection with the reason as the opinion reported to the city, and tells the parties', async () => {
      const objection = (await objections()).find((o) => o.id === objectionId);
      expect(objection?.status).toBe('superseded');
      expect(objection?.decision?.opinion).toContain(REASON);
      const audit = (await api('GET', `/audit?entityType=evaluation&entityId=${id}`, { as: 'lixia.mz' })).body
        .items as { action: string; reason?: string; before: { grade?: string } }[];
      expect(audit.find((a) => a.action === 'evaluation.re-evaluate')).toMatchObject({
        reason: REASON,
        before: { grade: 'unqualified' },
      });
      for (const as of ['tp.a', 'jiefanglu.jd', 'op.a', 'city.mz']) {
        const notice = (await inbox(as)).find((n) => n.type === 'evaluation.reopened');
        expect(notice?.body, as).toContain('公示已撤回');
        expect(notice?.body, as).toContain(REASON);
      }
    });

    it('takes new scores, a new confirmation and a new publicity period with its own notice', async () => {
      // The scores are open again; a change still states why, as the result exists.
      expect((await scores('tp.a', { indicators: SIXTY_TWO })).body).toMatchObject({
        code: 'SCORE_CHANGE_REASON_REQUIRED',
      });
      const rescored = await scores('tp.a', { indicators: SIXTY_TWO, reason: '补充满意度调查后恢复原评分' });
      expect(rescored.status).toBe(200);
      expect(rescored.body).toMatchObject({
        status: 'scored',
        result: { total: '62.0000', grade: 'qualified' },
      });
      // Two days on (Friday 2026-11-27), the district confirms and publishes the new result.
      setClock(() => new Date('2026-11-27T02:00:00Z'));
      expect((await step('confirmation')).body.status).toBe('confirmed');
      const republished = await step('publicity');
      expect(republished.status).toBe(201);
      expect(republished.body.id).not.toBe(noticeId);
      expect(republished.body).toMatchObject({
        evaluationId: id,
        status: 'open',
        total: '62.0000',
        grade: 'qualified',
        publishedOn: '2026-11-27',
        period: { startsOn: '2026-11-28' },
      });
      expect(await evaluation()).toMatchObject({
        status: 'in_publicity',
        publicityId: republished.body.id,
        rounds: 2,
        history: [expect.objectContaining({ publicityId: noticeId })],
      });
      const open = (await publicity('open')).filter((n) => n.evaluationId === id);
      expect(open.map((n) => n.id)).toEqual([republished.body.id]);
      expect((await publicity()).find((n) => n.id === noticeId)?.status).toBe('withdrawn');
      // The new period: from Saturday 11-28, five working days to Friday 12-04, closable from 12-05; the job runs
      // on working days, so it closes the notice on Monday 12-07.
      expect(republished.body.period).toMatchObject({ minEndOn: '2026-12-04', closableOn: '2026-12-05' });
      expect(await fire('publicity-closing', '2026-12-04')).toEqual({
        examined: 0,
        dispatched: 0,
        acted: 0,
        failed: 0,
      });
      expect(await fire('publicity-closing', '2026-12-07')).toEqual({
        examined: 1,
        dispatched: 1,
        acted: 1,
        failed: 0,
      });
      // The new round's result is the one that takes effect (合格: the contract continues, R19.1).
      expect(await evaluation()).toMatchObject({
        status: 'final',
        result: { total: '62.0000', grade: 'qualified' },
      });
      expect((await api('GET', `/contracts/${contractId}`, { as: 'lixia.mz' })).body.status).toBe('active');
      expect((await publicity()).find((n) => n.id === noticeId)?.status).toBe('withdrawn');
    });
  });
});
