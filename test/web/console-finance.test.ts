import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';
import { formatYuan } from '../../web/src/components/format';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
/** Today in Asia/Shanghai, the date the page's date picker starts from. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * The finance bureaus in the console (R22–R26): 市财政局 sees the year's budgets and recovery on its 工作台 and runs
 * the factor allocation from the page; 历下区财政局 sees its own district only (by URL too, where the API refuses),
 * pays a tranche from the page with the API's refusals shown as it words them, and records a recovered sum. Every
 * figure on the pages is compared with the API's answer.
 */
describe('the finance bureaus in the console', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof apiClient>;
  const ids = { pay: '', recovery: '', shizhong: '' };

  /** A station and an active contract in a street, registered by that district's bureau. */
  const contractIn = async (
    as: string,
    districtCode: string,
    streetCode: string,
    terms: ReturnType<typeof contractTerms>,
  ) => {
    const station = await api('POST', '/stations', {
      as,
      body: { districtCode, streetCode, address: '测试地址' },
    });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    const contract = await api('POST', '/contracts', { as, body: { stationId: station.body.id, ...terms } });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    const active = await api('POST', `/contracts/${contract.body.id}/status`, {
      as,
      body: { version: 1, to: 'active' },
    });
    expect(active.status, JSON.stringify(active.body)).toBe(200);
    return contract.body.id as string;
  };

  /** A final unqualified result (R19.1) on the contract: payments stop and a recovery case opens (R25.1). */
  const unqualified = async (contractId: string) => {
    const created = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
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
    const published = await api('POST', `/evaluations/${id}/publicity`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    // On the day the publicity may close (five working days from today's, whatever today is): the closing job makes
    // the result final.
    const closable = published.body.period.closableOn as string;
    const closed = await runtime.scheduler.fire('publicity-closing', new Date(`${closable}T00:10:00+08:00`));
    expect(closed, closable).toMatchObject({ acted: 1, failed: 0 });
  };

  /**
   * Signs in at the provider's picker as the demo user whose button starts with `who`, in a browser of its own (a
   * new profile: the provider remembers no one).
   */
  const signIn = async (who: string) => {
    await browser?.close();
    browser = await launchBrowser();
    page = await browser.page(DESKTOP);
    // Each page load signs in again at the provider (tokens live in memory only): slow on a busy two-core machine.
    page.setDefaultTimeout(40_000);
    await page.goto(`${runtime.apiUrl}/console`);
    await page.getByRole('button', { name: new RegExp(`^${who}`) }).click();
    await page.getByRole('heading', { name: /工作台/ }).waitFor();
  };
  /** The table row naming `text` (a district, a contract, a tranche) in the region labelled `label`. */
  const row = (label: string, text: string | RegExp) =>
    page.getByRole('region', { name: label }).getByRole('row').filter({ hasText: text });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    ids.recovery = await contractIn('lixia.mz', '370102', '370102001', {
      ...contractTerms('LX-REC-2026'),
      servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
    });
    ids.pay = await contractIn('lixia.mz', '370102', '370102002', contractTerms('LX-PAY-2026'));
    ids.shizhong = await contractIn(
      'shizhong.mz',
      '370103',
      '370103002',
      contractTerms('SZ-PAY-2026', 'org-op-b'),
    );
    for (const [code, city, district, ratio] of [
      ['370102', 30_000_000, 30_000_000, 50],
      ['370103', 20_000_000, 25_000_050, 40],
    ] as const) {
      const budget = await api('PUT', `/budgets/2026/districts/${code}`, {
        as: 'city.cz',
        body: { cityShareFen: city, districtShareFen: district, sharingRatioPercent: ratio, version: 0 },
      });
      expect(budget.status, JSON.stringify(budget.body)).toBe(200);
    }
    const paid = await api('POST', `/contracts/${ids.recovery}/disbursements`, {
      as: 'lixia.cz',
      body: { seq: 1, amountFen: 10_000_000, paidOn: '2026-01-15', paidBeforeFen: 0 },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    await unqualified(ids.recovery);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('市财政局 sees every district’s budget and the recovery on its 工作台 and runs the factor allocation with progress', async () => {
    await signIn('市财政局');
    const budgets = (await api('GET', '/budgets/2026', { as: 'city.cz' })).body.items;
    expect(budgets).toHaveLength(2);
    for (const b of budgets) {
      const name = b.districtCode === '370102' ? '历下区' : '市中区';
      const line = row('年度预算列表', name);
      await line.waitFor();
      expect(await line.textContent()).toContain(formatYuan(b.cityShareFen));
      expect(await line.textContent()).toContain(formatYuan(b.districtShareFen));
      expect(await line.textContent()).toContain(`${b.sharingRatioPercent}%`);
    }
    const [recovery] = (await api('GET', '/recovery-cases', { as: 'city.cz' })).body.items;
    const recoveryRow = row('追回案件列表', '历下区');
    await recoveryRow.getByText('LX-REC-2026').waitFor();
    expect(await recoveryRow.textContent()).toContain(formatYuan(recovery.outstandingFen));
    expect(recovery.outstandingFen).toBe(10_000_000);
    await screenshot(page, 'console-city-finance-dashboard-1280');
    expect(await seriousViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '因素分配' })
      .click();
    await page.getByText('2026 年尚未进行因素分配。').waitFor();
    await page.getByRole('button', { name: '进行因素分配' }).click();
    await page.getByLabel('市级资金池（元）').fill('400000.01');
    await page.getByLabel('统一财力指数').fill('5000');
    await page.getByRole('button', { name: '全部区县填入此值' }).click();
    expect(await page.getByLabel('市中区').inputValue()).toBe('5000');
    await screenshot(page, 'console-allocation-form-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '计算并保存分配结果' }).click();
    // The run takes a moment: the page says what it waits for, then shows the API's result.
    await page.getByText('分配已完成并保存，结果如下').waitFor({ timeout: 60_000 });
    const [run] = (await api('GET', '/allocations?year=2026', { as: 'city.cz' })).body.items;
    expect(run.result.poolFen).toBe(40_000_001);
    const lixia = run.result.lines.find((l: { districtCode: string }) => l.districtCode === '370102');
    const lixiaRow = row('各区县分配结果', '历下区');
    expect(await lixiaRow.textContent()).toContain(formatYuan(lixia.allocatedFen));
    expect(await lixiaRow.textContent()).toContain(formatYuan(lixia.capFen));
    expect(await page.getByText(formatYuan(run.result.unallocatedFen)).count()).toBeGreaterThan(0);
    expect(await page.getByText(run.result.rule).count()).toBe(1);
    await screenshot(page, 'console-allocation-result-1280');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);

  it('历下区财政局 pays a tranche from the page, sees the API’s refusals in Chinese and nothing of 市中区', async () => {
    await signIn('历下区财政局');
    const budgets = row('年度预算列表', /区/);
    await budgets.first().waitFor();
    expect(await row('年度预算列表', '历下区').count()).toBe(1);
    expect(await row('年度预算列表', '市中区').count()).toBe(0);
    await screenshot(page, 'console-district-finance-dashboard-1280');
    expect(await seriousViolations(page)).toEqual([]);

    // 市中区 by editing the URL: the API refuses, the page shows its title and none of 市中区's figures.
    for (const path of [
      '/console/finance/performance?district=370103',
      '/console/finance/recovery?district=370103',
      `/console/finance/payments?contract=${ids.shizhong}`,
    ]) {
      await page.goto(`${runtime.apiUrl}${path}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('超出管辖范围');
      expect(await page.getByText('SZ-PAY-2026').count()).toBe(0);
    }
    const refused = await api('GET', `/contracts/${ids.shizhong}/payments`, { as: 'lixia.cz' });
    expect(refused.status).toBe(403);
    expect(await page.getByRole('alert').textContent()).toContain(refused.body.title);
    await screenshot(page, 'console-district-finance-foreign-1280');
    expect(await seriousViolations(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '合同拨付' })
      .click();
    await page.getByRole('combobox', { name: '服务合同' }).click();
    await page.getByTitle('LX-PAY-2026（承接方 org-op-a）').click();
    const first = row('拨付计划', '第 1 期');
    await first.waitFor();
    expect(await first.textContent()).toContain('逾期未付');

    // Paid today, long after 15 January, without a reason: the API refuses, and the dialog says so in its words.
    await page.getByRole('button', { name: '拨付第 1 期' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('本次拨付金额（元）').fill('100000');
    await dialog.getByRole('button', { name: '确认拨付' }).click();
    await dialog.getByRole('alert').waitFor();
    const late = await api('POST', `/contracts/${ids.pay}/disbursements`, {
      as: 'lixia.cz',
      body: { seq: 1, amountFen: 10_000_000, paidOn: today(), paidBeforeFen: 0 },
    });
    expect(late.status).toBe(422);
    expect(await dialog.getByRole('alert').textContent()).toContain(late.body.title);
    await screenshot(page, 'console-disbursement-refused-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('提前或延迟拨付的理由').fill('年初财政资金未到位，延迟拨付');
    await dialog.getByLabel('支付凭证号').fill('LXCZ-2026-0001');
    await dialog.getByRole('button', { name: '确认拨付' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const payments = (await api('GET', `/contracts/${ids.pay}/payments`, { as: 'lixia.cz' })).body;
    expect(payments.disbursements).toHaveLength(1);
    expect(payments.disbursements[0]).toMatchObject({ amountFen: 10_000_000, voucherRef: 'LXCZ-2026-0001' });
    const record = row('拨付记录', 'LXCZ-2026-0001');
    await record.waitFor();
    expect(await record.textContent()).toContain(formatYuan(payments.disbursements[0].amountFen));
    expect(await record.textContent()).toContain(`延迟 ${payments.disbursements[0].deviation.days} 天`);
    expect(await first.textContent()).toContain(formatYuan(payments.tranches[0].paidFen));

    // The second tranche waits for the mid-term report: the API's precondition refusal, as it words it.
    await page.getByRole('button', { name: '拨付第 2 期' }).click();
    await dialog.getByLabel('本次拨付金额（元）').fill('1');
    await dialog.getByLabel('提前或延迟拨付的理由').fill('提前拨付');
    await dialog.getByRole('button', { name: '确认拨付' }).click();
    await dialog.getByRole('alert').getByText('拨付条件未满足：中期工作报告已验收').waitFor();
    await screenshot(page, 'console-disbursement-precondition-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '取消' }).click();
    await screenshot(page, 'console-payments-1280');

    // Recovery after the unqualified result: the API's figures, and a sum recovered from the page.
    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '资金追回' })
      .click();
    const caseRow = row('追回案件列表', '历下区');
    await caseRow.getByText('LX-REC-2026').waitFor();
    await caseRow.getByRole('button', { name: '登记追回款' }).click();
    await dialog.getByLabel('追回金额（元）').fill('40000');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const [recovery] = (await api('GET', '/recovery-cases', { as: 'lixia.cz' })).body.items;
    expect(recovery).toMatchObject({ repaidFen: 4_000_000, outstandingFen: 6_000_000, settled: false });
    await caseRow.getByText(formatYuan(recovery.outstandingFen)).waitFor();
    expect(await caseRow.textContent()).toContain(formatYuan(recovery.disbursedFen));
    await screenshot(page, 'console-recovery-1280');
    expect(await seriousViolations(page)).toEqual([]);

    // A home visit of 95 minutes at 解放路's neighbour station (issue 19): the year's service volume counts it.
    const payContract = (await api('GET', `/contracts/${ids.pay}`, { as: 'lixia.mz' })).body;
    const worker = await api('POST', `/contracts/${ids.pay}/workers`, {
      as: 'op.a',
      body: {
        name: '张社工',
        qualification: 'assistant',
        idNumber: TEST_ID_NUMBERS[0],
        startOn: '2026-01-01',
      },
    });
    const recipient = await api('POST', `/stations/${payContract.stationId}/recipients`, {
      as: 'op.a',
      body: {
        name: '王大爷',
        category: 'left_behind_elderly',
        birthDate: '1950-05-01',
        consent: { givenOn: '2026-01-02', scope: '建档与服务', givenBy: 'self', sensitiveDataConsent: true },
      },
    });
    const visit = await api('POST', `/stations/${payContract.stationId}/service-records`, {
      as: 'op.a',
      body: {
        kind: 'visit-home',
        date: today().startsWith('2026') ? today() : '2026-12-31',
        title: '探访',
        workerIds: [worker.body.id],
        recipientIds: [recipient.body.id],
        minutes: 95,
      },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);

    // Performance of its own district, as the API gives it.
    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '绩效' })
      .click();
    const perf = (await api('GET', '/performance?year=2026', { as: 'lixia.cz' })).body.districts[0];
    const perfRow = row('各区县绩效', '历下区');
    await perfRow.waitFor();
    expect(await perfRow.textContent()).toContain(formatYuan(perf.contractTotalsFen));
    expect(await perfRow.textContent()).toContain(`${perf.contracts.length} 份`);
    expect(await row('各区县绩效', '市中区').count()).toBe(0);
    // The service volume the API counted from the records: 1 record, 95 minutes = 1.6 hours, beside the district
    // and in the station's row.
    const volume = (await api('GET', '/performance?year=2026', { as: 'lixia.cz' })).body.serviceVolume;
    expect(volume.byDistrict[0]).toMatchObject({ records: 1, minutes: 95, hours: '1.6' });
    expect(await perfRow.textContent()).toContain('1 条');
    expect(await perfRow.textContent()).toContain('1.6 小时');
    const stationRow = row('各社工站服务量', '历下区');
    await stationRow.first().waitFor();
    expect(await stationRow.count()).toBe(volume.byStation.length);
    const served = row('各社工站服务量', '1.6 小时');
    expect(await served.textContent()).toContain('1 人');
    await screenshot(page, 'console-performance-1280');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);
});
