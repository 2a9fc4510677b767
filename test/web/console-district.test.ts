import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
  seriousViolations,
} from '#test/helpers/browser';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * 历下区民政局 signs in through the provider's picker (code + PKCE from the browser) and sees its district's
 * stations and not 市中区's — neither in its dashboard nor by editing the URL, where the API's 403 is shown.
 */
describe('the district bureau in the console', () => {
  let runtime: Runtime;
  let browser: Browser;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    const api = apiClient(runtime.apiUrl);
    for (const [as, districtCode, streetCode] of [
      ['lixia.mz', '370102', '370102001'],
      ['shizhong.mz', '370103', '370103002'],
    ] as const) {
      const res = await api('POST', '/stations', {
        as,
        body: { districtCode, streetCode, address: '测试地址' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('signs in at the provider’s picker and sees its own stations only', async () => {
    const page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/console`);
    await page.getByRole('heading', { name: '选择演示用户登录' }).waitFor();
    expect(page.url().startsWith(runtime.identity.issuer)).toBe(true);
    await screenshot(page, 'login-picker-1280');
    await page.getByRole('button', { name: /^历下区民政局/ }).click();

    await page.getByRole('heading', { name: /工作台/ }).waitFor();
    expect(page.url()).toBe(`${runtime.apiUrl}/console`);
    await page.getByRole('cell', { name: '历下区解放路街道社会工作服务站' }).waitFor();
    expect(await page.getByText('市中区', { exact: false }).count()).toBe(0);
    const menu = page.getByRole('navigation', { name: '控制台菜单' });
    for (const item of ['工作台', '社工站', '服务合同', '报告', '投诉']) {
      expect(await menu.getByRole('menuitem', { name: item, exact: true }).isVisible()).toBe(true);
    }
    await page.getByRole('heading', { name: /报告按时率/ }).waitFor();
    // The service volume beside the timeliness is the API's, as it answers the district.
    const year = Number(new Date().toISOString().slice(0, 4));
    const timeliness = await apiClient(runtime.apiUrl)(
      'GET',
      `/reports/timeliness?year=${year}&district=370102`,
      { as: 'lixia.mz' },
    );
    const volume = timeliness.body.serviceVolume.total;
    const section = page.getByRole('region', { name: /报告按时率/ });
    for (const [label, text] of [
      ['服务记录', `${volume.records}条`],
      ['服务时数', `${volume.hours}小时`],
      ['服务对象', `${volume.distinctRecipients}人`],
    ]) {
      const card = section.locator('.ant-statistic').filter({ hasText: label });
      expect((await card.textContent())?.replace(/\s/g, '')).toBe(`${label}${text}`);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-district-dashboard-1280');

    // Another district by editing the URL: a new page load signs in again (tokens were in memory only), and the
    // API refuses; the console shows its refusal and nothing of 市中区.
    await page.goto(`${runtime.apiUrl}/console/stations?district=370103`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const refused = await apiClient(runtime.apiUrl)('GET', '/stations?district=370103', { as: 'lixia.mz' });
    expect(refused.status).toBe(403);
    expect(await alert.textContent()).toContain(refused.body.title);
    expect(await page.getByText('市中区').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-foreign-district-1280');
    await page.close();
  });

  it('works at 375 px and signs out', async () => {
    const page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/console/stations`);
    await page.getByRole('cell', { name: '历下区解放路街道社会工作服务站' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-district-stations-375');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '公众服务' }).waitFor();
    await page.close();
  });
});
