import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { THIRD_PARTY_INDICATORS } from '#test/helpers/evaluation';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const EVALUATOR = { orgId: 'org-tp-a', name: '第三方评估机构 A' };
const REPORT = [
  '历下区解放路街道社工站 2026 年度评估报告',
  '评估概况',
  '评估方法',
  '评估结果',
  '存在问题',
  '改进建议',
];
/** A third party scoring every indicator at `share` of its maximum, rounded down to the hundredth. */
const scaled = (share: number) =>
  Object.fromEntries(
    Object.entries({
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
    }).map(([k, max]) => [k, Math.floor(max * share * 100) / 100]),
  );

/**
 * A whole service year on the local runtime, from contract to final result (R16.1–R19.1, R25.1): window alerts,
 * commissioning, three-party scoring with the exact total, the third party's report through the upload path,
 * confirmation, publicity counted in working days, a public objection, the closing job, and the consequences of an
 * unqualified result. The clock is pinned to 2026-11-25 10:00 Asia/Shanghai; jobs are fired for given days.
 */
describe('evaluation, publicity and consequences over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  const fire = (job: 'publicity-closing' | 'evaluation-window-alerts', day: string) =>
    runtime.scheduler.fire(job, new Date(`${day}T00:10:00+08:00`)) as Promise<{
      examined: number;
      acted: number;
      failed: number;
    }>;
  const evaluation = async (id: string) => (await api('GET', `/evaluations/${id}`, { as: 'city.mz' })).body;
  const inbox = async (as: string) =>
    (await api('GET', '/notifications?limit=100', { as })).body.items as {
      type: string;
      title: string;
      body: string;
    }[];
  async function contractFor(district: string, street: string, districtUser: string, org: string, n: string) {
    const station = await api('POST', '/stations', {
      as: districtUser,
      body: { districtCode: district, streetCode: street, address: '测试地址' },
    });
    const terms = contractTerms(n, org);
    const contract = await api('POST', '/contracts', {
      as: districtUser,
      body: {
        stationId: station.body.id,
        ...terms,
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
        paymentSchedule: terms.paymentSchedule,
      },
    });
    await api('POST', `/contracts/${contract.body.id}/status`, {
      as: districtUser,
      body: { version: 1, to: 'active' },
    });
    return contract.body.id as string;
  }
  async function uploadReport(id: string) {
    const bytes = await makePdf(REPORT);
    const ticket = await api('POST', `/reports/EVAL-${id}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: bytes.byteLength },
    });
    expect(ticket.status).toBe(201);
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    await runtime.s3.drain();
  }
  async function score(id: string, as: string, body: object) {
    const res = await api('PUT', `/evaluations/${id}/scores`, {
      as,
      body: { version: (await evaluation(id)).version, ...body },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }
  const step = async (id: string, as: string, what: 'confirmation' | 'publicity') =>
    api('POST', `/evaluations/${id}/${what}`, { as, body: { version: (await evaluation(id)).version } });

  let lixiaContract: string;
  let lixiaEvaluation: string;
  let lixiaNotice: string;

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    lixiaContract = await contractFor('370102', '370102001', 'lixia.mz', 'org-op-a', 'LX-EVAL-2026');
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('alerts the district ten working days before the window opens, once (R16.1)', async () => {
    // The service year ends 2026-12-31, so the window opens 2026-12-01; ten working days before is 2026-11-17.
    expect(await fire('evaluation-window-alerts', '2026-11-16')).toEqual({
      examined: 0,
      dispatched: 0,
      acted: 0,
      failed: 0,
    });
    expect(await fire('evaluation-window-alerts', '2026-11-17')).toEqual({
      examined: 1,
      dispatched: 1,
      acted: 1,
      failed: 0,
    });
    expect(await fire('evaluation-window-alerts', '2026-11-17')).toEqual({
      examined: 0,
      dispatched: 0,
      acted: 0,
      failed: 0,
    });
    const alerts = (await inbox('lixia.mz')).filter((n) => n.type === 'evaluation.window');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.title).toContain('2026-12-01');
  });

  it('commissions a third party within the window, and outside it only with a reason', async () => {
    const outside = await api('POST', `/contracts/${lixiaContract}/evaluations`, {
      as: 'lixia.mz',
      body: { serviceYear: 1, evaluator: EVALUATOR, planned: { start: '2026-11-20', end: '2026-12-10' } },
    });
    expect(outside).toMatchObject({
      status: 422,
      body: { code: 'OUTSIDE_EVALUATION_WINDOW', rule: 'R16.1' },
    });
    const created = await api('POST', `/contracts/${lixiaContract}/evaluations`, {
      as: 'lixia.mz',
      body: { serviceYear: 1, evaluator: EVALUATOR, planned: { start: '2026-12-01', end: '2026-12-20' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'commissioned',
      window: { opensOn: '2026-12-01', closesOn: '2026-12-31' },
      templateId: 'template-v1',
    });
    lixiaEvaluation = created.body.id;
    expect((await inbox('tp.a')).some((n) => n.type === 'evaluation.commissioned')).toBe(true);
    // Commissioned: the "nothing commissioned" alert of 2026-12-08 is skipped, the opening one still goes out.
    expect(await fire('evaluation-window-alerts', '2026-12-08')).toMatchObject({ examined: 1, acted: 1 });
    expect((await inbox('lixia.mz')).filter((n) => n.title.includes('评估未委托'))).toEqual([]);
    expect((await inbox('op.a')).some((n) => n.title.includes('评估窗口开启'))).toBe(true);
  });

  it('totals the three scores exactly: 85.67 × 60 % + 90.33 × 30 % + 78.11 × 10 % = 86.3120, 良好 (R17.1)', async () => {
    const wrongPart = await api('PUT', `/evaluations/${lixiaEvaluation}/scores`, {
      as: 'tp.a',
      body: { version: (await evaluation(lixiaEvaluation)).version, score: 85.67 },
    });
    expect(wrongPart).toMatchObject({ status: 422, body: { code: 'THIRD_PARTY_SCORES_BY_INDICATOR' } });
    const third = await score(lixiaEvaluation, 'tp.a', { indicators: THIRD_PARTY_INDICATORS });
    expect(third).toMatchObject({ status: 'scoring', scores: { thirdParty: { total: 8567 } } });
    const tooPrecise = await api('PUT', `/evaluations/${lixiaEvaluation}/scores`, {
      as: 'lixia.mz',
      body: { version: third.version, score: 90.333 },
    });
    expect(tooPrecise.status).toBe(400);
    await score(lixiaEvaluation, 'lixia.mz', { score: 90.33 });
    const done = await score(lixiaEvaluation, 'jiefanglu.jd', { score: '78.11' });
    expect(done).toMatchObject({
      status: 'scored',
      result: { totalTenThousandths: 863120, total: '86.3120', grade: 'good', weights: { thirdParty: 60 } },
    });
    expect(
      (
        await api('PUT', `/evaluations/${lixiaEvaluation}/scores`, {
          as: 'op.a',
          body: { version: 1, score: 1 },
        })
      ).status,
    ).toBe(403);
  });

  it('confirms only with the third party report uploaded and validated, then publishes for five working days (R18.1)', async () => {
    const early = await step(lixiaEvaluation, 'lixia.mz', 'confirmation');
    expect(early).toMatchObject({ status: 409, body: { code: 'EVALUATION_REPORT_MISSING' } });
    await uploadReport(lixiaEvaluation);
    const confirmed = await step(lixiaEvaluation, 'lixia.mz', 'confirmation');
    expect(confirmed.body.status).toBe('confirmed');
    const report = await api('GET', `/reports/EVAL-${lixiaEvaluation}`, { as: 'tp.a' });
    expect(report.body.slot.status).toBe('accepted');

    const notice = await step(lixiaEvaluation, 'lixia.mz', 'publicity');
    expect(notice.status).toBe(201);
    // Published Wednesday 2026-11-25; counted from Thursday 11-26: 26, 27, 30 Nov, 1, 2 Dec.
    expect(notice.body).toMatchObject({
      publishedOn: '2026-11-25',
      period: {
        startsOn: '2026-11-26',
        minEndOn: '2026-12-02',
        closableOn: '2026-12-03',
        provisional: false,
      },
      stationName: '历下区解放路街道社会工作服务站',
      total: '86.3120',
      gradeName: '良好',
      scores: { thirdParty: '85.67', district: '90.33', street: '78.11' },
    });
    lixiaNotice = notice.body.id;
    const listed = await api('GET', '/public/publicity?status=open');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n: { id: string }) => n.id)).toContain(lixiaNotice);
  });

  it('keeps the notice open while a public objection waits, and reports the decision to the city', async () => {
    const objection = await api('POST', `/public/publicity/${lixiaNotice}/objections`, {
      body: { content: '服务对象满意度抽样偏少', contact: '13800000000' },
    });
    expect(objection).toMatchObject({ status: 201, body: { status: 'open' } });
    expect((await api('GET', '/public/publicity')).body.items[0]).not.toHaveProperty('contact');
    expect((await inbox('lixia.mz')).some((n) => n.type === 'evaluation.objection')).toBe(true);
    expect(await fire('publicity-closing', '2026-12-03')).toEqual({
      examined: 0,
      dispatched: 0,
      acted: 0,
      failed: 0,
    });

    const seenByCity = (await api('GET', '/objections', { as: 'city.mz' })).body.items;
    expect(seenByCity).toHaveLength(1);
    expect(seenByCity[0]).toMatchObject({ status: 'open', contactGiven: true });
    expect(JSON.stringify(seenByCity)).not.toContain('13800000000');
    // The contact is the objector's personal data: only the district handling it reads it, and the read is audited.
    const contactUrl = `/objections/${objection.body.id}/contact`;
    expect((await api('POST', contactUrl, { as: 'lixia.mz' })).body).toEqual({
      id: objection.body.id,
      contact: '13800000000',
    });
    for (const as of ['city.mz', 'shizhong.mz']) {
      expect((await api('POST', contactUrl, { as })).status, as).toBe(403);
    }
    const reads = await api('GET', `/audit?entityType=objection&entityId=${objection.body.id}`, {
      as: 'lixia.mz',
    });
    expect(reads.body.items.map((a: { action: string }) => a.action)).toContain(
      'objection.reveal-personal-data',
    );
    const decided = await api('POST', `/objections/${objection.body.id}/decision`, {
      as: 'lixia.mz',
      body: { version: 1, outcome: 'rejected', opinion: '抽样符合评估标准，质疑不成立' },
    });
    expect(decided.body).toMatchObject({ status: 'rejected', decision: { by: 'lixia.mz' } });
    expect((await inbox('city.mz')).some((n) => n.type === 'evaluation.objection-decided')).toBe(true);
  });

  it('closes the notice on the working day after the period, makes the result final, once; the contract continues (R19.1)', async () => {
    // 2026-12-02 is the last day of the period; 2026-12-05 is a Saturday: the job acts on working days only.
    expect(await fire('publicity-closing', '2026-12-02')).toEqual({
      examined: 0,
      dispatched: 0,
      acted: 0,
      failed: 0,
    });
    expect(await fire('publicity-closing', '2026-12-05')).toEqual({
      examined: 0,
      dispatched: 0,
      acted: 0,
      failed: 0,
    });
    expect(await fire('publicity-closing', '2026-12-03')).toEqual({
      examined: 1,
      dispatched: 1,
      acted: 1,
      failed: 0,
    });
    expect(await fire('publicity-closing', '2026-12-03')).toEqual({
      examined: 0,
      dispatched: 0,
      acted: 0,
      failed: 0,
    });
    expect(await evaluation(lixiaEvaluation)).toMatchObject({ status: 'final', finalOn: '2026-12-03' });
    const contract = (await api('GET', `/contracts/${lixiaContract}`, { as: 'lixia.mz' })).body;
    expect(contract.status).toBe('active');
    expect(contract.paymentsBlocked).toBeUndefined();
    expect((await api('GET', '/public/publicity?status=closed')).body.items[0]).toMatchObject({
      id: lixiaNotice,
      closedOn: '2026-12-03',
    });
    // The year has a final result: no escalation to the city when it ends.
    await fire('evaluation-window-alerts', '2027-01-01');
    expect((await inbox('city.mz')).filter((n) => n.title.includes('评估逾期上报'))).toEqual([]);
  });

  it('revises and republishes after an upheld objection; a final unqualified result ends the contract and stops payment (R19.1, R25.1)', async () => {
    const contractId = await contractFor('370103', '370103002', 'shizhong.mz', 'org-op-b', 'SZ-EVAL-2026');
    const created = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'shizhong.mz',
      body: { serviceYear: 1, evaluator: EVALUATOR, planned: { start: '2026-12-01', end: '2026-12-20' } },
    });
    const id = created.body.id as string;
    await score(id, 'tp.a', { indicators: scaled(0.5) });
    await score(id, 'shizhong.mz', { score: 55 });
    const scored = await score(id, 'daguanyuan.jd', { score: 70 });
    expect(scored.result).toMatchObject({ grade: 'unqualified' });
    await uploadReport(id);
    await step(id, 'shizhong.mz', 'confirmation');
    const first = (await step(id, 'shizhong.mz', 'publicity')).body;
    const objection = await api('POST', `/public/publicity/${first.id}/objections`, {
      body: { content: '街道评分有误' },
    });
    const upheld = await api('POST', `/objections/${objection.body.id}/decision`, {
      as: 'shizhong.mz',
      body: { version: 1, outcome: 'upheld', opinion: '街道评分录入错误，予以更正后重新公示' },
    });
    expect(upheld.body.status).toBe('upheld');
    // The published result is kept in the evaluation's history, as a re-evaluation keeps it (R18.1): what was
    // replaced, why (异议成立) and which objection, in the same transaction as the return to scoring and its audit.
    const reopened = await evaluation(id);
    expect(reopened).toMatchObject({ status: 'scoring', rounds: 1 });
    expect(reopened.publicityId).toBeUndefined();
    expect(reopened.history).toEqual([
      expect.objectContaining({
        scores: expect.objectContaining({ street: 7000 }),
        result: scored.result,
        publicityId: first.id,
        reason: '异议成立',
        objectionId: objection.body.id,
        reopenedBy: 'shizhong.mz',
        reopenedByOffice: '市中区民政局',
      }),
    ]);
    const audit = (await api('GET', `/audit?entityType=evaluation&entityId=${id}`, { as: 'shizhong.mz' }))
      .body.items as {
      action: string;
      reason?: string;
      after: { history?: unknown[]; objectionId?: string };
    }[];
    expect(audit.find((a) => a.action === 'evaluation.objection-upheld')).toMatchObject({
      reason: '异议成立',
      after: { objectionId: objection.body.id, history: reopened.history },
    });
    expect(
      (await api('GET', '/public/publicity?status=withdrawn')).body.items.map((n: { id: string }) => n.id),
    ).toContain(first.id);

    const revised = await score(id, 'daguanyuan.jd', {
      score: 75,
      reason: '街道评分录入错误，按质疑处理意见更正',
    });
    expect(revised.result.grade).toBe('unqualified');
    await step(id, 'shizhong.mz', 'confirmation');
    const second = (await step(id, 'shizhong.mz', 'publicity')).body;
    expect(second).toMatchObject({ scores: { street: '75.00' }, gradeName: '不合格' });

    expect(await fire('publicity-closing', '2026-12-03')).toEqual({
      examined: 1,
      dispatched: 1,
      acted: 1,
      failed: 0,
    });
    expect(await evaluation(id)).toMatchObject({ status: 'final', rounds: 2 });
    const contract = (await api('GET', `/contracts/${contractId}`, { as: 'shizhong.mz' })).body;
    expect(contract.status).toBe('terminated');
    expect(contract.paymentsBlocked).toMatchObject({ since: '2026-12-03', evaluationId: id });
    expect(contract.paymentsBlocked.recoveryCaseId).toMatch(/^[0-9A-Z]{26}$/);
    const slots = (await api('GET', `/reports?contractId=${contractId}&limit=100`, { as: 'shizhong.mz' }))
      .body.items as {
      id: string;
      status: string;
    }[];
    // Terminated on 2026-12-03 (the job's day): December's brief is for a month already begun and stays.
    expect(slots.find((s) => s.id.endsWith('-M202612'))?.status).toBe('open');
    expect(
      (await inbox('city.mz')).some((n) => n.type === 'evaluation.final' && n.title.includes('不合格')),
    ).toBe(true);
    expect((await inbox('op.b')).find((n) => n.type === 'evaluation.final')?.body).toContain('终止合同');
  });
});
