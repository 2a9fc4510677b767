import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser, PHONE, screenshot, seriousViolations } from '#test/helpers/browser';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/** A citizen, on a phone, files a complaint about a station (R15.1) and follows it by the code shown once. */
describe('filing and following a complaint in a browser', () => {
  let runtime: Runtime;
  let browser: Browser;
  let stationId: string;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    const api = apiClient(runtime.apiUrl);
    stationId = (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
      })
    ).body.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('files a complaint from the station’s QR link, then finds it by its code', async () => {
    const page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/gs/complaints?station=${stationId}`);
    await page.getByRole('heading', { name: '投诉与查询' }).waitFor();
    expect(await page.getByLabel('社工站编号').inputValue()).toBe(stationId);
    await page.getByLabel('投诉内容').fill('周末活动室不开放，预约的小组活动被临时取消');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-complaint-form-375');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.getByText('投诉已受理').waitFor();
    const code = (await page.locator('.ant-typography-copy').first().isVisible())
      ? ((await page.getByText(/^[0-9A-HJKMNP-TV-Z]{20}$/).textContent()) ?? '')
      : '';
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-complaint-receipt-375');

    await page.getByRole('tab', { name: '查询办理进度' }).click();
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    const progress = page.getByRole('tabpanel', { name: '查询办理进度' });
    await progress.getByText('已收到，待受理').waitFor();
    expect(await progress.getByText('受理期限').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-complaint-status-375');
    await page.close();
  });

  it('shows the API’s zh-CN problem for a code that matches nothing', async () => {
    const page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/gs/complaints?tab=track`);
    await page.getByLabel('查询码').fill('ABCDEFGHJKMNPQRSTVWX');
    await page.getByRole('button', { name: '查询' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const api = await fetch(`${runtime.apiUrl}/public/complaints/ABCDEFGHJKMNPQRSTVWX`);
    const problem = (await api.json()) as { title: string };
    expect(await alert.textContent()).toContain(problem.title);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-complaint-not-found-375');
    await page.close();
  });
});
