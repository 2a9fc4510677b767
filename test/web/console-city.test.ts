import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';
import { formatDate, formatPercent, formatPoints, formatYuan } from '../../web/src/components/format';
import { REPORT_STATUS } from '../../web/src/components/labels';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * 市民政局 in the console: every district side by side (stations, report timeliness, contracts and performance as
 * the API gives them), the districts' November annual reports (R20.1) with one reviewed, an annual inspection
 * recorded (R20.1) and a city department's platform-sharing application approved (R21.1) — each figure on the page
 * compared with the API's answer. 历下区民政局 sees none of it for 市中区.
 */
describe('the city civil affairs bureau in the console', () => {
  let runtime: Runtime;
  let browser: Browser | undefined;
  let page: Page;
  let api: ReturnType<typeof apiClient>;
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format());

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
  const menu = (item: string) =>
    page.getByRole('navigation', { name: '控制台菜单' }).getByRole('menuitem', { name: item, exact: true });
  const row = (label: string, text: string | RegExp) =>
    page.getByRole('region', { name: label }).getByRole('row').filter({ hasText: text });
  /** Types a date into an antd date picker (the format it shows, YYYY-MM-DD) and confirms it. */
  const pickDate = async (input: ReturnType<Page['getByLabel']>, date: string) => {
    await input.click();
    await input.fill(date);
    await input.press('Enter');
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    let lixiaStation = '';
    for (const [as, districtCode, streetCode, number, org] of [
      ['lixia.mz', '370102', '370102001', 'LX-CITY-2026', 'org-op-a'],
      ['shizhong.mz', '370103', '370103002', 'SZ-CITY-2026', 'org-op-b'],
    ] as const) {
      const station = await api('POST', '/stations', {
        as,
        body: { districtCode, streetCode, address: '测试地址' },
      });
      expect(station.status, JSON.stringify(station.body)).toBe(201);
      if (as === 'lixia.mz') lixiaStation = station.body.id;
      const contract = await api('POST', '/contracts', {
        as,
        body: { stationId: station.body.id, ...contractTerms(number, org) },
      });
      const active = await api('POST', `/contracts/${contract.body.id}/status`, {
        as,
        body: { version: 1, to: 'active' },
      });
      expect(active.status, JSON.stringify(active.body)).toBe(200);
    }
    // 历下区 sends its annual report (late: it was due before the end of November); 市中区 has not.
    const pdf = await makePdf([
      `历下区 ${year} 年度社工站建设运营情况报告`,
      '社工站建设情况',
      '运营情况',
      '存在问题',
      '下一步工作安排',
    ]);
    const ticket = await api('POST', `/reports/ANNUAL-370102-${year}/upload-url`, {
      as: 'lixia.mz',
      body: { contentType: 'application/pdf', bytes: pdf.byteLength, fileName: '年度报告.pdf' },
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: pdf,
    });
    await runtime.s3.drain();
    await runtime.scheduler.fire('november-report-deadlines', new Date(`${year}-12-01T09:00:00+08:00`));
    const application = await api('POST', '/platform-applications', {
      as: 'dept.a',
      body: {
        applicantName: '市直部门 A',
        stationId: lixiaStation,
        reason: '在社区开展老年人防诈骗宣传',
        project: '银龄反诈宣传项目',
        serviceNeeds: '每月两次社区宣讲，入户走访独居老人',
        funding: { source: '部门预算', amountFen: 8_000_000 },
        staffing: { count: 2, description: '项目专员 2 名', excludesStationStaff: true },
      },
    });
    expect(application.status, JSON.stringify(application.body)).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('市民政局 sees every district side by side and the annual reports as the API gives them', async () => {
    await signIn('市民政局');
    const timeliness = (await api('GET', `/reports/timeliness?year=${year}`, { as: 'city.mz' })).body;
    const performance = (await api('GET', `/performance?year=${year}`, { as: 'city.mz' })).body;
    const stations = (await api('GET', '/public/stations/summary')).body;
    for (const [code, name] of [
      ['370102', '历下区'],
      ['370103', '市中区'],
    ] as const) {
      const t = timeliness.byDistrict.find((d: { districtCode: string }) => d.districtCode === code);
      const p = performance.districts.find((d: { districtCode: string }) => d.districtCode === code);
      const s = stations.districts.find((d: { code: string }) => d.code === code);
      const line = row('各区县对比', name);
      await line.waitFor();
      expect(await line.getByRole('cell').allTextContents()).toEqual([
        name,
        `${s.stations} 个`,
        String(t.due),
        String(t.onTime),
        String(t.late),
        String(t.missing),
        formatPercent(t.onTimeRateHundredths),
        formatPercent(t.submittedRateHundredths),
        `${p.contracts.length} 份`,
        formatYuan(p.contractTotalsFen),
        formatPercent(p.taskCompletionBp),
        formatPercent(p.fundExecutionBp),
        formatPoints(p.evaluationBp),
      ]);
    }
    const lixia = (await api('GET', `/reports/ANNUAL-370102-${year}`, { as: 'city.mz' })).body.slot;
    const shizhong = (await api('GET', `/reports/ANNUAL-370103-${year}`, { as: 'city.mz' })).body.slot;
    // The November job has escalated 市中区's missing report (R20.1); 历下区's is on time or late as the API says.
    expect([lixia.status, shizhong.status, shizhong.overdue]).toEqual(['submitted', 'open', true]);
    const lixiaAnnual = row('区县年度报告', '历下区');
    expect(await lixiaAnnual.textContent()).toContain(REPORT_STATUS[lixia.status]);
    expect(await lixiaAnnual.textContent()).toContain(formatDate(lixia.firstSubmittedOn));
    expect(await lixiaAnnual.textContent()).toContain(lixia.onTime ? '按时' : '逾期提交');
    const shizhongAnnual = row('区县年度报告', '市中区');
    expect(await shizhongAnnual.textContent()).toContain(REPORT_STATUS[shizhong.status]);
    expect(await shizhongAnnual.textContent()).toContain(formatDate(shizhong.dueOn));
    expect(await shizhongAnnual.textContent()).toContain('未提交');
    expect(await shizhongAnnual.getByText('逾期', { exact: true }).count()).toBe(1);
    await row('平台共享申请列表', '市直部门 A').getByText('待审核').waitFor();
    await screenshot(page, 'console-city-dashboard-1280');
    expect(await seriousViolations(page)).toEqual([]);

    await menu('区县对比').click();
    await row('各区县对比', '历下区').waitFor();
    await screenshot(page, 'console-city-districts-1280');
    expect(await seriousViolations(page)).toEqual([]);

    // The city reviews 历下区's annual report from the page.
    await menu('区县年度报告').click();
    await page.getByRole('button', { name: '审阅历下区年度报告' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('意见').fill('内容完整，同意');
    await dialog.getByRole('button', { name: '提交审阅意见' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row('区县年度报告', '历下区').getByText('已通过').waitFor();
    expect((await api('GET', `/reports/ANNUAL-370102-${year}`, { as: 'city.mz' })).body.slot.status).toBe(
      'accepted',
    );
    await screenshot(page, 'console-city-annual-reports-1280');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);

  it('市民政局 records an annual inspection and approves a department’s platform-sharing application', async () => {
    await signIn('市民政局');
    await menu('督导检查').click();
    await page.getByText(`${year} 年尚无督导检查记录`).waitFor();
    await page.getByRole('button', { name: '记录检查' }).click();
    await page.getByLabel('被检查区县').click();
    await page.getByTitle('历下区', { exact: true }).click();
    await pickDate(page.getByLabel('检查日期'), `${year}-11-20`);
    await page.getByLabel('检查人员').fill('市民政局张明、市财政局李华');
    await page.getByLabel('检查发现').fill('解放路街道社工站档案室未单独设置，需整改');
    await screenshot(page, 'console-city-inspection-form-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '保存检查记录' }).click();
    await page.getByText('检查记录已保存').waitFor();
    const [inspection] = (await api('GET', `/inspections?year=${year}`, { as: 'city.mz' })).body.items;
    expect(inspection).toMatchObject({ districtCode: '370102', inspectedOn: `${year}-11-20` });
    const line = row('督导检查记录', inspection.findings);
    await line.waitFor();
    expect(await line.textContent()).toContain(`${year}年11月20日`);
    expect(await line.textContent()).toContain('历下区');
    await screenshot(page, 'console-city-inspections-1280');
    expect(await seriousViolations(page)).toEqual([]);

    await menu('平台共享申请').click();
    await page.getByRole('button', { name: '审核市直部门 A的申请' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('审核意见').fill('符合外延性服务要求，同意入驻');
    await dialog.getByLabel('服务合同编号').fill('SJ-FZ-2026-01');
    await pickDate(dialog.getByLabel('签订日期'), `${year}-12-01`);
    // The station's operator, from its contract in force.
    expect(await dialog.getByLabel('承接方机构代码').inputValue()).toBe('org-op-a');
    await dialog.getByLabel('合同金额（元）').fill('80000');
    await dialog.getByPlaceholder('开始日期').click();
    await dialog.getByPlaceholder('开始日期').fill(`${year}-12-01`);
    await dialog.getByPlaceholder('开始日期').press('Enter');
    await dialog.getByPlaceholder('结束日期').fill(`${year + 1}-11-30`);
    await dialog.getByPlaceholder('结束日期').press('Enter');
    await screenshot(page, 'console-city-platform-decision-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '提交审核意见' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row('平台共享申请列表', '市直部门 A').getByText('已批准').waitFor();
    const [decided] = (await api('GET', '/platform-applications', { as: 'city.mz' })).body.items;
    expect(decided).toMatchObject({
      status: 'approved',
      serviceContract: { number: 'SJ-FZ-2026-01', operatorOrgId: 'org-op-a', amountFen: 8_000_000 },
    });
    await screenshot(page, 'console-city-platform-applications-1280');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);

  it('历下区民政局 sees its own annual report only and the API’s refusal for 市中区’s inspections', async () => {
    await signIn('历下区民政局');
    expect(await menu('区县对比').count()).toBe(0);
    await menu('区县年度报告').click();
    await row('区县年度报告', '历下区').waitFor();
    expect(await row('区县年度报告', '市中区').count()).toBe(0);
    await page.goto(`${runtime.apiUrl}/console/city/inspections?district=370103`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const refused = await api('GET', `/inspections?year=${year}&district=370103`, { as: 'lixia.mz' });
    expect(refused.status).toBe(403);
    expect(await alert.textContent()).toContain(refused.body.title);
    await screenshot(page, 'console-city-foreign-district-1280');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);
});
