import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { PublicFundsView } from '#shared/contracts/funds.schema';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Funds over HTTP (R22–R28): budgets, disbursement against tranches (limits, preconditions, deviations, two clerks at
 * once), the dedicated ledger with vouchers, the factor allocation, recovery after an unqualified result, performance
 * and public disclosure. Clock pinned to 2026-11-25 10:00 Asia/Shanghai.
 */
describe('funds over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let contractId: string;
  /** A clerk's payment: `paidBeforeFen` is what the tranche showed as paid when the clerk looked, unless given. */
  const pay = async (
    body: { seq: number; paidBeforeFen?: number } & Record<string, unknown>,
    as = 'lixia.cz',
  ) => {
    const shown = (
      await api('GET', `/contracts/${contractId}/payments`, { as: 'lixia.cz' })
    ).body.tranches?.find((t: { seq: number }) => t.seq === body.seq)?.paidFen;
    return api('POST', `/contracts/${contractId}/disbursements`, {
      as,
      body: { paidBeforeFen: shown ?? 0, ...body },
    });
  };

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...contractTerms('LX-FUNDS-2026'),
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    contractId = contract.body.id;
    await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('keeps budgets per district and year: city finance any district, district finance its own (R22.1)', async () => {
    const city = await api('PUT', '/budgets/2026/districts/370102', {
      as: 'city.cz',
      body: { cityShareFen: 30_000_000, districtShareFen: 30_000_000, sharingRatioPercent: 50, version: 0 },
    });
    expect(city.body).toMatchObject({ version: 1, sharingRatioPercent: 50 });
    const foreign = await api('PUT', '/budgets/2026/districts/370103', {
      as: 'lixia.cz',
      body: { cityShareFen: 1, districtShareFen: 1, sharingRatioPercent: 50, version: 0 },
    });
    expect(foreign.status).toBe(403);
    const own = await api('PUT', '/budgets/2026/districts/370102', {
      as: 'lixia.cz',
      body: { cityShareFen: 30_000_000, districtShareFen: 35_000_000, sharingRatioPercent: 50, version: 1 },
    });
    expect(own.body.version).toBe(2);
    expect((await api('GET', '/budgets/2026', { as: 'shizhong.mz' })).body.items).toEqual([]);
  });

  it('pays a tranche never beyond its amount, with a reason when off the planned date, and before its precondition never (R25.1)', async () => {
    const over = await pay({ seq: 1, amountFen: 30_000_001, paidOn: '2026-01-15' });
    expect(over).toMatchObject({ status: 422, body: { code: 'TRANCHE_EXCEEDED' } });
    const late = await pay({ seq: 1, amountFen: 10_000_000, paidOn: '2026-01-20' });
    expect(late).toMatchObject({ status: 422, body: { code: 'PAYMENT_DEVIATION_REASON_REQUIRED' } });
    const paid = await pay({
      seq: 1,
      amountFen: 10_000_000,
      paidOn: '2026-01-20',
      reason: '财政资金到账延迟',
    });
    expect(paid.status).toBe(201);
    expect(paid.body.deviation).toEqual({ kind: 'late', days: 5, reason: '财政资金到账延迟' });
    const midterm = await pay({ seq: 2, amountFen: 1_000, paidOn: '2026-07-15' });
    expect(midterm).toMatchObject({ status: 409, body: { code: 'TRANCHE_PRECONDITION_UNMET' } });
    expect(midterm.body.title).toContain('中期工作报告已验收');
    expect((await pay({ seq: 1, amountFen: 1, paidOn: '2026-01-15' }, 'lixia.mz')).status).toBe(403);
  });

  it('lets exactly one of two clerks paying the same tranche at once succeed', async () => {
    // Both saw 10 000 000 fen paid: whichever commits second, before or after the first is stored, gets 409.
    const [a, b] = await Promise.all([
      pay({ seq: 1, amountFen: 10_000_000, paidOn: '2026-01-15', paidBeforeFen: 10_000_000 }),
      pay({ seq: 1, amountFen: 10_000_000, paidOn: '2026-01-15', paidBeforeFen: 10_000_000 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.code).toBe('TRANCHE_CHANGED');
    const payments = (await api('GET', `/contracts/${contractId}/payments`, { as: 'op.a' })).body;
    expect(payments.disbursedFen).toBe(20_000_000);
    // Both tranches are past their planned dates with money owed: visible as late.
    expect(payments.tranches.map((t: { status: string; paidFen: number }) => [t.status, t.paidFen])).toEqual([
      ['late', 20_000_000],
      ['late', 0],
    ]);
  });

  it("keeps the operator's dedicated ledger with vouchers, against the contract breakdown; auditors read it (R27.1)", async () => {
    const voucher = await makePdf(['工资发放表 2026年2月', '张三 5000 元']);
    const ticket = await api('POST', `/contracts/${contractId}/ledger/voucher-url`, {
      as: 'op.a',
      body: { contentType: 'application/pdf', bytes: voucher.byteLength },
    });
    await fetch(ticket.body.url, { method: 'PUT', headers: ticket.body.headers, body: voucher });
    const entry = await api('POST', `/contracts/${contractId}/ledger`, {
      as: 'op.a',
      body: {
        spentOn: '2026-02-01',
        amountFen: 5_000_000,
        category: 'labour',
        description: '2 月人员工资',
        voucherKey: ticket.body.key,
      },
    });
    expect(entry.status).toBe(201);
    const missing = await api('POST', `/contracts/${contractId}/ledger`, {
      as: 'op.a',
      body: {
        spentOn: '2026-02-02',
        amountFen: 100,
        category: 'labour',
        description: '无凭证',
        voucherKey: `vouchers/${contractId}/01JD00000000000000000000AA.pdf`,
      },
    });
    expect(missing).toMatchObject({ status: 422, body: { code: 'VOUCHER_MISSING' } });
    const ledger = (await api('GET', `/contracts/${contractId}/ledger`, { as: 'audit.lixia' })).body;
    expect(ledger.categories[0]).toMatchObject({
      category: 'labour',
      budgetFen: 45_000_000,
      spentFen: 5_000_000,
      remainingFen: 40_000_000,
    });
    const link = await api('GET', `/contracts/${contractId}/ledger/${entry.body.id}/voucher`, {
      as: 'audit.lixia',
    });
    expect(sha256(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer()))).toBe(sha256(voucher));
    expect(
      (await api('POST', `/contracts/${contractId}/ledger`, { as: 'audit.lixia', body: {} })).status,
    ).toBe(403);
  });

  it('allocates the city pool by factors in whole fen that add up exactly, capped by the sharing ratio (R24.1)', async () => {
    const codes = ((await api('GET', '/divisions')).body as { code: string }[]).map((d) => d.code);
    const run = await api('POST', '/allocations', {
      as: 'city.cz',
      body: {
        year: 2026,
        poolFen: 40_000_001,
        fiscalCapacityBp: Object.fromEntries(codes.map((c) => [c, 5000])),
      },
    });
    expect(run.status).toBe(201);
    const lines = run.body.result.lines as { districtCode: string; allocatedFen: number; capFen: number }[];
    expect(lines.reduce((n, l) => n + l.allocatedFen, 0) + run.body.result.unallocatedFen).toBe(40_000_001);
    // Only Lixia has a contract this year: its cap is 50 % of 60 万元 = 30 万元; no other district can take money.
    expect(lines.find((l) => l.districtCode === '370102')).toMatchObject({
      capFen: 30_000_000,
      allocatedFen: 30_000_000,
    });
    expect(run.body.result.unallocatedFen).toBe(10_000_001);
    expect(run.body.inputs.sources['370102'].sharingRatioPercent).toBe('budget 2026');
    expect((await api('GET', '/allocations?year=2026', { as: 'lixia.cz' })).body.items).toHaveLength(1);
  });

  it('after a final unqualified result blocks payment and recovers disbursed minus recognised expenditure (R25.1)', async () => {
    const created = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方 A' },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      },
    });
    const id = created.body.id as string;
    const version = async () => (await api('GET', `/evaluations/${id}`, { as: 'city.mz' })).body.version;
    const zero = Object.fromEntries(
      DEFAULT_TEMPLATE_PARTS.flatMap((p) => p.indicators.map((i) => [`${p.key}.${i.key}`, 0])),
    );
    await api('PUT', `/evaluations/${id}/scores`, {
      as: 'tp.a',
      body: { version: await version(), indicators: zero },
    });
    await api('PUT', `/evaluations/${id}/scores`, {
      as: 'lixia.mz',
      body: { version: await version(), score: 50 },
    });
    await api('PUT', `/evaluations/${id}/scores`, {
      as: 'jiefanglu.jd',
      body: { version: await version(), score: 50 },
    });
    const report = await makePdf(['评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议']);
    const ticket = await api('POST', `/reports/EVAL-${id}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: report.byteLength },
    });
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: report,
    });
    await runtime.s3.drain();
    await api('POST', `/evaluations/${id}/confirmation`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    await api('POST', `/evaluations/${id}/publicity`, { as: 'lixia.mz', body: { version: await version() } });
    expect(
      await runtime.scheduler.fire('publicity-closing', new Date('2026-12-03T00:10:00+08:00')),
    ).toMatchObject({ acted: 1 });

    expect(await pay({ seq: 1, amountFen: 1, paidOn: '2026-12-04', reason: '补拨' })).toMatchObject({
      status: 409,
      body: { code: 'PAYMENTS_BLOCKED' },
    });
    const cases = (await api('GET', '/recovery-cases?district=370102', { as: 'lixia.cz' })).body.items;
    expect(cases).toHaveLength(1);
    // 20 万元 disbursed − 5 万元 recognised expenditure (spent 2026-02-01, before termination on 2026-12-03).
    expect(cases[0]).toMatchObject({
      terminationOn: '2026-12-03',
      disbursedFen: 20_000_000,
      recognisedExpenditureFen: 5_000_000,
      amountFen: 15_000_000,
      outstandingFen: 15_000_000,
      settled: false,
    });
    const repay = (amountFen: number, v: number) =>
      api('POST', `/recovery-cases/${cases[0].id}/repayments`, {
        as: 'lixia.cz',
        body: { amountFen, paidOn: '2026-12-10', version: v },
      });
    expect((await repay(10_000_000, 1)).body).toMatchObject({
      repaidFen: 10_000_000,
      outstandingFen: 5_000_000,
    });
    expect(await repay(6_000_000, 2)).toMatchObject({
      status: 422,
      body: { code: 'REPAYMENT_EXCEEDS_OUTSTANDING' },
    });
    expect((await repay(5_000_000, 2)).body).toMatchObject({
      outstandingFen: 0,
      settled: true,
      status: 'settled',
    });
    expect((await api('GET', '/recovery-cases?district=370102', { as: 'shizhong.mz' })).status).toBe(403);
  });

  it('reports performance per contract and district (R26.1)', async () => {
    const res = await api('GET', '/performance?year=2026&district=370102', { as: 'lixia.mz' });
    const [district] = res.body.districts;
    expect(district.contracts[0]).toMatchObject({
      contractId,
      disbursedFen: 20_000_000,
      spentFen: 5_000_000,
      fundExecutionBp: 2500,
      latestGrade: 'unqualified',
    });
    expect(district).toMatchObject({
      contractTotalsFen: 60_000_000,
      fundExecutionBp: 2500,
      grades: { 不合格: 1 },
    });
  });

  it('discloses contracts, disbursements and final results to the public, also as OCDS 1.1 (R28.1)', async () => {
    const funds = await api('GET', '/public/funds?year=2026');
    expect(funds.status).toBe(200);
    expect(funds.body.contracts[0]).toMatchObject({
      number: 'LX-FUNDS-2026',
      title: '历下区解放路街道社会工作服务站',
      amountFen: 60_000_000,
      status: 'terminated',
      finalEvaluation: { gradeName: '不合格' },
    });
    expect(funds.body.contracts[0].disbursements).toHaveLength(2);
    expect(JSON.stringify(funds.body)).not.toContain('idNumber');
    expect(PublicFundsView.parse(funds.body), 'the answer is what docs/openapi.json describes').toEqual(
      funds.body,
    );
    const ocds = await api('GET', '/public/ocds/2026');
    expect(ocds.body).toMatchObject({ version: '1.1' });
    expect(ocds.body.releases).toHaveLength(1);
    expect(ocds.body.releases[0].contracts[0].implementation.transactions).toHaveLength(2);
  });
});
