import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/** The first sheet of a downloaded .xlsx, as rows of cell values, header first. */
async function rowsOf(file: Download): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await file.path());
  const ws = book.worksheets[0] as ExcelJS.Worksheet;
  return Array.from({ length: ws.rowCount }, (_, r) =>
    Array.from({ length: ws.columnCount }, (_, c) => ws.getRow(r + 1).getCell(c + 1).value),
  );
}

async function exportFile(page: Page): Promise<Download> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click(),
  ]);
  return file;
}

/**
 * 历下区民政局 opens 数据导出, exports its stations (masked by default) and then, with a reason, its service
 * recipients in full: the API makes each file and the browser downloads it from the link; the page says what was
 * made. The street office is offered no full export.
 */
describe('数据导出 in the console', () => {
  let runtime: Runtime;
  let browser: Browser;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    const api = apiClient(runtime.apiUrl);
    const stationId = (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
      })
    ).body.id;
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId, ...contractTerms('LX-EXPORT-2026', 'org-op-a') },
    });
    await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    const recipient = await api('POST', `/stations/${stationId}/recipients`, {
      as: 'op.a',
      body: {
        name: '王小芳',
        category: 'left_behind_elderly',
        idNumber: TEST_ID_NUMBERS[1],
        phone: '13800000000',
        consent: { givenOn: '2026-01-02', scope: '建档', givenBy: 'self', sensitiveDataConsent: true },
      },
    });
    expect(recipient.status, JSON.stringify(recipient.body)).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('exports the district’s stations masked, then its recipients in full with a reason', async () => {
    const page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/console/exports`);
    await page.getByRole('button', { name: /^历下区民政局/ }).click();
    await page.getByRole('heading', { name: '数据导出' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-exports-1280');

    const stations = await rowsOf(await exportFile(page));
    expect(stations[0]).toContain('街道（镇）代码');
    expect(stations.slice(1).map((r) => r[1])).toEqual(['370102001']);
    await page.getByText(/^已生成 历下区社工站_\d{8}\.xlsx（1 行）$/).waitFor();

    await page.getByRole('combobox', { name: '数据类别' }).click();
    await page.getByTitle('服务对象', { exact: true }).click();
    const masked = await rowsOf(await exportFile(page));
    expect(masked[1]).toContain('王*芳');
    expect(JSON.stringify(masked)).not.toContain('王小芳');

    await page.getByRole('checkbox', { name: /导出完整个人信息/ }).check();
    await page.getByRole('textbox', { name: '导出理由' }).fill('年度困境群体名册核查');
    const full = await rowsOf(await exportFile(page));
    expect(full[1]).toContain('王小芳');
    expect(full[1]).toContain('13800000000');
    await page.getByText(/完整信息\.xlsx（1 行）$/).waitFor();
    await screenshot(page, 'console-exports-unmasked-1280');
    await page.close();
  });
});
