import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * 承接方 A signs in, opens its report slots and uploads a monthly brief through the page (R9.4): the presigned PUT
 * straight to storage with progress, then the API's validation of that very upload, shown as it says.
 */
describe('an operator uploads a report in the console', () => {
  let runtime: Runtime;
  let browser: Browser;
  let files: string;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    files = mkdtempSync(join(tmpdir(), 'sgz-upload-'));
    const api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-UPLOAD-2026') },
    });
    const activated = await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  it('uploads a brief with progress and shows that it passed', async () => {
    const brief = join(files, '月度简报.pdf');
    writeFileSync(
      brief,
      await makePdf([
        '历下区解放路街道社工站月度简报',
        '本月服务开展情况',
        '服务成效',
        '存在问题',
        '下月工作计划',
      ]),
    );
    const page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/console/reports`);
    await page.getByRole('button', { name: /^承接方 A/ }).click();
    await page.getByRole('heading', { name: '报告', exact: true }).waitFor();
    const menu = page.getByRole('navigation', { name: '控制台菜单' });
    expect(await menu.getByRole('menuitem', { name: '社工站' }).count()).toBe(0);
    expect(await menu.getByRole('menuitem', { name: '报告', exact: true }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-reports-1280');

    await page.getByRole('button', { name: '上传' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('点击或将文件拖到此处上传').waitFor();
    await dialog.locator('input[type=file]').setInputFiles(brief);
    await dialog.getByText('校验通过，报告已提交').waitFor({ timeout: 30_000 });
    expect(await dialog.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-upload-passed-1280');
    await page.close();
  }, 60_000);
});
