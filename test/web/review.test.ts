import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

const TITLE = '2026年11月 月度工作简报';
const REASON = '请补充本月个案服务的活动照片和服务对象反馈';

/**
 * A monthly brief goes round between its operator and its street office in the console (R9.3, R9.4, B2): 承接方 A
 * uploads it and it passes the API's validation; 解放路街道办事处 finds it awaiting its review, downloads it (a read
 * receipt) and returns it with a reason; the operator reads the reason and uploads again; the street office accepts
 * the new version.
 */
describe('a street office reviews an operator’s monthly brief in the console', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;
  let page: Page;
  let files: string;
  let slotId: string;

  /** Signs out whoever is signed in (if anyone), then signs in at the provider's picker as `who`. */
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

  const slot = async () => (await api('GET', `/reports/${slotId}`, { as: 'lixia.mz' })).body;

  async function brief(name: string, heading: string) {
    const file = join(files, name);
    writeFileSync(file, await makePdf([heading, '本月服务开展情况', '服务成效', '存在问题', '下月工作计划']));
    return file;
  }

  beforeAll(async () => {
    setClock(() => new Date('2026-12-03T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    browser = await launchBrowser();
    page = await browser.page(DESKTOP);
    files = mkdtempSync(join(tmpdir(), 'sgz-review-'));
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-REVIEW-2026') },
    });
    const activated = await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    slotId = `${contract.body.id}-M202611`;
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await browser?.close();
    await runtime?.dispose();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('lets the operator open the November brief and upload it, and says it passed and is submitted', async () => {
    await signInAs(/^承接方 A/, '/console/reports');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByRole('button', { name: '上传报告' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('input[type=file]')
      .setInputFiles(await brief('十一月简报.pdf', '2026年11月工作简报'));
    await dialog.getByText('校验通过，报告已提交').waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: /关闭|Close/ }).click();
    await page.getByRole('cell', { name: '已提交', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: '上传记录' }).getByText('校验通过').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'review-operator-submitted-1280');
    expect((await slot()).slot.status).toBe('submitted');
  }, 90_000);

  it('shows the street office the brief on its 工作台 as awaiting review, and records its download as read', async () => {
    await signInAs(/^历下区解放路街道办事处/, '/console');
    const queue = page.getByRole('region', { name: '待审阅的报告列表' });
    await queue.getByRole('link', { name: TITLE }).waitFor();
    // Each report is named by the station's street, not only by its month.
    expect(
      await queue
        .getByRole('row', { name: new RegExp(TITLE) })
        .getByRole('cell', { name: '历下区 解放路街道' })
        .count(),
    ).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'review-street-dashboard-1280');

    await queue.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: '审阅当前版本' }).waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载当前版本' }).click();
    expect((await downloaded).suggestedFilename()).toBe('十一月简报.pdf');
    const receipts = page.getByRole('region', { name: '阅读回执' });
    await receipts.getByRole('cell', { name: 'jiefanglu.jd' }).waitFor();
    expect(await receipts.getByRole('cell', { name: '街道办事处' }).count()).toBe(1);
  }, 60_000);

  it('lets the street office return the brief only with a reason, which the report then shows', async () => {
    await page.getByRole('button', { name: '退回', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '退回报告' });
    const confirm = dialog.getByRole('button', { name: '确认退回' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/退回理由/).fill(REASON);
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '已退回', exact: true }).waitFor();
    const reviews = page.getByRole('region', { name: '审阅意见' });
    expect(await reviews.getByRole('cell', { name: REASON }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: '审阅当前版本' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'review-street-returned-1280');
    const after = (await slot()).slot;
    expect(after.status).toBe('returned');
    expect(after.reviews).toMatchObject([
      { party: 'street_office:370102001', decision: 'return', comment: REASON },
    ]);
  }, 60_000);

  it('shows the operator the reason in its list, and takes the new version as submitted again', async () => {
    await signInAs(/^承接方 A/, '/console/reports');
    const row = page.getByRole('row', { name: new RegExp(TITLE) });
    await row.getByText(`退回理由：${REASON}`).waitFor();
    await screenshot(page, 'review-operator-returned-list-1280');
    await row.getByRole('button', { name: '重新上传' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('input[type=file]')
      .setInputFiles(await brief('十一月简报（修订）.pdf', '2026年11月工作简报（修订）'));
    await dialog.getByText('校验通过，报告已提交').waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: /关闭|Close/ }).click();
    await row.getByText('已提交').waitFor();
    expect(await row.getByText(/退回理由/).count()).toBe(0);
    // Until a recipient reviews it, the operator may still put a corrected file in its place (the API's `actions`).
    expect(await row.getByRole('button', { name: '上传新版本' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'review-operator-resubmitted-1280');
    const after = await slot();
    expect(after.slot.status).toBe('submitted');
    expect(after.submissions.filter((s: { outcome: string }) => s.outcome === 'passed')).toHaveLength(2);
  }, 90_000);

  it('lets the street office accept the new version, after which it no longer awaits the street', async () => {
    await signInAs(/^历下区解放路街道办事处/, '/console/reports/review');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('button', { name: '验收', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '验收报告' });
    await dialog.getByRole('button', { name: '确认验收' }).click();
    await page.getByText('已验收，待其他接收方验收').waitFor();
    const reviews = page.getByRole('region', { name: '审阅意见' });
    await reviews.getByRole('cell', { name: '验收通过' }).waitFor();
    expect(await page.getByRole('heading', { name: '审阅当前版本' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'review-street-accepted-1280');

    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '待审阅' })
      .click();
    await page.getByText('没有待审阅的报告').waitFor();
    const after = (await slot()).slot;
    expect(after.reviews).toMatchObject([{ party: 'street_office:370102001', decision: 'accept' }]);
  }, 60_000);

  it('shows the district its stations’ reports by street, with no upload button on reports it does not submit', async () => {
    await signInAs(/^历下区民政局/, '/console/reports');
    const list = page.getByRole('region', { name: '报告列表' });
    const row = list.getByRole('row', { name: new RegExp(TITLE) });
    await row.getByRole('cell', { name: '历下区 解放路街道' }).waitFor();
    // The October brief is still open: the operator's to upload, not the district's. The district uploads only
    // its own annual report (R20.1).
    const october = list.getByRole('row', { name: /2026年10月 月度工作简报.*待提交/ });
    await october.waitFor();
    expect(await october.getByRole('button').count()).toBe(0);
    const uploadable = list.getByRole('row').filter({ has: page.getByRole('button', { name: /上传/ }) });
    expect(await uploadable.allInnerTexts()).toEqual([expect.stringContaining('区县年度报告')]);
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: '审阅当前版本' }).waitFor();
    expect(await page.getByText('历下区 解放路街道', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^(上传报告|重新上传|上传新版本)/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'review-district-list-1280');
  }, 60_000);
});
