import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * 解放路街道办事处's console (R9.2, R9.3): its 工作台 lists the needs survey and task book the operator drafted for the
 * street's contract, awaiting the street's confirmation; it reads the survey and confirms it, which puts it in
 * effect. 大观园街道 (市中区), editing the URL to a report of 解放路's contract, gets the API's refusal in Chinese.
 */
describe('the street office’s console', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;
  let page: Page;
  let contractId: string;

  async function signInAs(who: RegExp, path: string) {
    const signOut = page.getByRole('button', { name: '退出登录' });
    if (await signOut.isVisible()) {
      await signOut.click();
      await page.getByRole('heading', { name: '公众服务' }).waitFor();
    }
    await page.goto(`${runtime.apiUrl}${path}`);
    await page.getByRole('heading', { name: '选择演示用户登录' }).waitFor();
    await page.getByRole('button', { name: who }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  }

  const survey = async () =>
    (await api('GET', `/contracts/${contractId}/service-years/1/needs-survey`, { as: 'jiefanglu.jd' })).body;

  beforeAll(async () => {
    setClock(() => new Date('2026-12-03T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    browser = await launchBrowser();
    page = await browser.page(DESKTOP);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-STREET-2026') },
    });
    contractId = contract.body.id;
    const activated = await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const drafted = await api('PUT', `/contracts/${contractId}/service-years/1/needs-survey`, {
      as: 'op.a',
      body: {
        conductedOn: '2026-01-20',
        methods: '入户走访 40 户，居民座谈会 2 场',
        findings: '独居老人助餐需求突出；困境儿童课后照护不足',
      },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const byOperator = await api(
      'POST',
      `/contracts/${contractId}/service-years/1/needs-survey/confirmations`,
      {
        as: 'op.a',
        body: { version: drafted.body.version },
      },
    );
    expect(byOperator.status, JSON.stringify(byOperator.body)).toBe(200);
    const book = await api('PUT', `/contracts/${contractId}/service-years/1/task-book`, {
      as: 'op.a',
      body: {
        items: [
          { id: 'meal', category: 'elderly_services', title: '独居老人助餐探访', target: 480, unit: '人次' },
          { id: 'class', category: 'child_welfare', title: '困境儿童课后课堂', target: 24, unit: '场' },
        ],
      },
    });
    expect(book.status, JSON.stringify(book.body)).toBe(200);
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await browser?.close();
    await runtime?.dispose();
  });

  it('lists on the 工作台 the survey and the task book awaiting the street, and the menu entry for them', async () => {
    await signInAs(/^历下区解放路街道办事处/, '/console');
    const papers = page.getByRole('region', { name: '会签文件列表' });
    await papers.getByText('LX-STREET-2026 · 第 1 服务年度需求调研').waitFor();
    expect(await papers.getByText('LX-STREET-2026 · 第 1 服务年度项目任务书').count()).toBe(1);
    expect(await papers.getByRole('button', { name: /^审核确认/ }).count()).toBe(2);
    const menu = page.getByRole('navigation', { name: '控制台菜单' });
    expect(await menu.getByRole('menuitem', { name: '待会签文件' }).isVisible()).toBe(true);
    expect(await menu.getByRole('menuitem', { name: '待审阅' }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-street-dashboard-1280');
  }, 60_000);

  it('shows the survey as drafted and confirms it, which puts it in effect', async () => {
    const papers = page.getByRole('region', { name: '会签文件列表' });
    await papers.getByRole('button', { name: '审核确认 LX-STREET-2026 第 1 服务年度需求调研' }).click();
    const dialog = page.getByRole('dialog', { name: /^确认需求调研/ });
    await dialog.getByText('独居老人助餐需求突出；困境儿童课后照护不足').waitFor();
    expect(await dialog.getByText('2026年1月20日').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-street-confirm-survey-1280');
    await dialog.getByRole('button', { name: '确认无误' }).click();
    await page.getByText('需求调研已经双方确认，开始生效').waitFor();
    await papers.getByText('LX-STREET-2026 · 第 1 服务年度需求调研').waitFor({ state: 'detached' });
    expect(await papers.getByText('LX-STREET-2026 · 第 1 服务年度项目任务书').count()).toBe(1);
    expect(await survey()).toMatchObject({ inEffect: true, awaiting: [] });
  }, 60_000);

  it('keeps the confirmed survey on the 待会签文件 page, in effect and confirmed by both', async () => {
    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '待会签文件' })
      .click();
    const survey = page.getByRole('row', { name: /第 1 服务年度需求调研/ });
    await survey.getByText('已生效').waitFor();
    expect(await survey.getByText('已确认').count()).toBe(2);
    expect(await survey.getByRole('button').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-street-co-signing-1280');
  }, 60_000);

  it('refuses another district’s street office the report of this street in Chinese, showing none of it', async () => {
    await signInAs(/^市中区大观园街道/, `/console/reports/${contractId}-M202611`);
    await page.getByRole('alert').getByText('超出管辖范围').waitFor();
    expect(await page.getByText('2026年11月 月度工作简报').count()).toBe(0);
    expect(await page.getByRole('region', { name: '上传记录' }).count()).toBe(0);
    const menu = page.getByRole('navigation', { name: '控制台菜单' });
    expect(await menu.getByRole('menuitem', { name: '待会签文件' }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-street-other-district-refused-1280');
  }, 60_000);
});
