import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launchBrowser, PHONE, screenshot } from '#test/helpers/browser';
import { startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/** The public pages: their link in the header, their heading, the note under it where they have one. */
const PAGES = [
  ['/gs', '首页', '公众服务', undefined],
  ['/gs/stations', '社工站名录', '社工站名录', '济南市各街道（镇）运营中的社会工作服务站'],
  ['/gs/publicity', '评估结果公示', '评估结果公示', '公示期不少于 5 个工作日。对评估结果有异议的'],
  ['/gs/funds', '资金信息公开', '资金信息公开', undefined],
  ['/gs/complaints', '投诉与查询', '投诉与查询', undefined],
] as const;

/** The page as a phone on a slow connection first shows it: its HTML, before any script has arrived. */
async function withoutScript(page: Page): Promise<void> {
  await page.route('**/*', (route) =>
    route.request().resourceType() === 'script' ? route.abort() : route.continue(),
  );
}

/**
 * A member of the public opens a public page (issue 17): the header, the page's heading and its note are in the
 * page's HTML (written at build time), so they show before the script has run — and once it has, the page works
 * as before, drawn over them in the same place, without a second heading or a jump.
 */
describe('the public pages before and after their script', () => {
  let runtime: Runtime;
  let browser: Browser;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it.each(PAGES)(
    '%s shows its header, heading and note before any script has run',
    async (path, link, heading, note) => {
      const page = await browser.page(PHONE);
      await withoutScript(page);
      await page.goto(`${runtime.apiUrl}${path}`);
      const nav = page.getByRole('navigation', { name: '主导航' });
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        '首页',
        '社工站名录',
        '评估结果公示',
        '资金信息公开',
        '投诉与查询',
        '工作人员登录',
      ]);
      expect(await nav.getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe(
        'page',
      );
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([heading]);
      if (note) expect(await page.getByText(note).isVisible()).toBe(true);
      expect(await page.getByRole('status').textContent()).toBe('正在加载…');
      await screenshot(page, `public-before-script${path.replaceAll('/', '-')}-375`);
      await page.close();
    },
  );

  it('draws the publicity page over its HTML in the same place, and the page works', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const before = await browser.page(viewport);
      await withoutScript(before);
      await before.goto(`${runtime.apiUrl}/gs/publicity?from=html`);
      const noteBefore = await before.getByText(/^公示期不少于 5 个工作日/).boundingBox();
      await before.close();

      const page = await browser.page(viewport);
      await page.goto(`${runtime.apiUrl}/gs/publicity`);
      await page.getByText('目前没有正在公示的评估结果').waitFor();
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['评估结果公示']);
      expect(await page.getByText(/^公示期不少于 5 个工作日/).count()).toBe(1);
      expect(await page.getByText('正在加载…').count()).toBe(0);
      expect(await page.getByText(/^公示期不少于 5 个工作日/).boundingBox()).toEqual(noteBefore);
      // The app's router took over: a link in the header opens its page without loading another document.
      await page.evaluate('window.__sameDocument = true');
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '投诉与查询' })
        .click();
      await page.getByRole('tab', { name: '我要投诉' }).waitFor();
      expect(await page.evaluate('window.__sameDocument')).toBe(true);
      await page.close();
    }
  });

  it('answers a public page’s path with its own HTML and every other page path with the app’s', async () => {
    const html = async (path: string) =>
      (await fetch(`${runtime.apiUrl}${path}`, { headers: { accept: 'text/html' } })).text();
    expect(await html('/gs/publicity/')).toContain('<h2 class="sgz-page-title">评估结果公示</h2>');
    expect(await html('/gs')).toContain('<h2 class="sgz-page-title">公众服务</h2>');
    for (const path of ['/console', '/console/reports', '/gs/no-such-page', '/']) {
      expect(await html(path), path).toContain('<div id="root"></div>');
    }
  });
});
