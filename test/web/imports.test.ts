import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { toCsv } from '#test/helpers/imports';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * 批量导入 in the console (issue 19): 历下区民政局 downloads the stations' template, tries a file with another
 * district's row (试导入: the row named with its column and reason, nothing written), then imports the good file;
 * the stations are there, and the same file again writes nothing.
 */
describe('bulk import in the console', () => {
  let runtime: Runtime;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  let page: Page;
  let files: string;
  let streets: string[];
  let otherStreet: string;

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'sgz-imports-'));
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    api = apiClient(runtime.apiUrl);
    const divisions = (await api('GET', '/divisions')).body as {
      code: string;
      streets: { code: string }[];
    }[];
    streets = (divisions.find((d) => d.code === '370102')?.streets ?? []).slice(0, 3).map((s) => s.code);
    otherStreet = divisions.find((d) => d.code === '370103')?.streets[0]?.code as string;
    page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/console/imports`);
    await page.getByRole('button', { name: /^历下区民政局/ }).click();
    await page.getByRole('heading', { name: '批量导入' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  const header = ['区县代码', '街道（镇）代码', '地址'];
  const good = () => streets.map((s, i) => ['370102', s, `历下区测试路 ${i + 1} 号`]);

  it('hands out the template, and a dry run names another district’s row and writes nothing', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载模板' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const saved = join(files, download.suggestedFilename());
    await download.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(saved) as never);
    expect(workbook.worksheets.map((w) => w.name)).toContain('说明');

    const file = join(files, '历下区社工站.csv');
    writeFileSync(file, toCsv([header, ...good(), ['370103', otherStreet, '市中区某路 1 号']]));
    await page.locator('input[type=file]').setInputFiles(file);
    const result = page.getByRole('region', { name: '导入结果' });
    await result.getByText('试导入完成').waitFor();
    const row = result.getByRole('row', { name: /不在本辖区/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      String(good().length + 2),
      '区县代码',
      '不在本辖区：只能导入本区县（370102）的社工站',
    ]);
    expect((await api('GET', '/stations?district=370102', { as: 'lixia.mz' })).body.items).toHaveLength(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'imports-dry-run-1280');
  }, 120_000);

  it('imports the good file for real, and the same file again writes nothing', async () => {
    await page.getByRole('radio', { name: /正式导入/ }).check();
    const file = join(files, '历下区社工站（修正）.csv');
    writeFileSync(file, toCsv([header, ...good()]));
    await page.locator('input[type=file]').setInputFiles(file);
    const result = page.getByRole('region', { name: '导入结果' });
    await result.getByText('导入完成', { exact: true }).waitFor();
    expect(await result.getByText(`${good().length} 行`).first().isVisible()).toBe(true);
    const stations = (await api('GET', '/stations?district=370102', { as: 'lixia.mz' })).body.items;
    expect(stations.map((s: { streetCode: string }) => s.streetCode).sort()).toEqual([...streets].sort());

    await page.locator('input[type=file]').setInputFiles(file);
    await result.getByText('此文件已导入过，未重复写入').waitFor();
    expect((await api('GET', '/stations?district=370102', { as: 'lixia.mz' })).body.items).toHaveLength(
      streets.length,
    );
    await screenshot(page, 'imports-duplicate-1280');
  }, 120_000);
});
