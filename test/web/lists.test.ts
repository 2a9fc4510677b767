import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
  seriousViolations,
} from '#test/helpers/browser';
import { contractTerms } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
type Api = ReturnType<typeof apiClient>;

const STATION_STATUS: Record<string, string> = { active: '运营中', suspended: '暂停运营', closed: '已关闭' };
const CONTRACT_STATUS: Record<string, string> = { draft: '草拟', active: '履行中' };

/** The day's date the Chinese way in Beijing, as the exported file's name carries it. */
const today = () => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date());
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return `${part('year')}年${part('month')}月${part('day')}日`;
};

/** Fen as the yuan written in a file: 12345678 → "123456.78". */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Clicks an export button and waits for the file the page writes. */
async function download(page: Page, button: string): Promise<Download> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return file;
}

/** The rows of a downloaded CSV (its byte-order mark checked and dropped), header first. */
async function csvRows(file: Download): Promise<string[][]> {
  const bytes = readFileSync(await file.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8')) as string[][];
}

/** The first sheet of a downloaded .xlsx. */
async function sheet(file: Download): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await file.path());
  const ws = book.worksheets[0];
  if (!ws) throw new Error('the workbook has no sheet');
  return ws;
}

/** A sheet's rows as cell values, header first (exceljs' rows and cells count from 1). */
const sheetRows = (ws: ExcelJS.Worksheet) =>
  Array.from({ length: ws.rowCount }, (_, r) =>
    Array.from({ length: ws.columnCount }, (_, c) => ws.getRow(r + 1).getCell(c + 1).value),
  );

/** The rows of a list's table the API's answer fills (neither the header row nor the empty table's 暂无数据). */
async function bodyRows(page: Page, table: string): Promise<number> {
  const region = page.getByRole('region', { name: table });
  const empty = (await region.getByText('暂无数据').count()) > 0 ? 1 : 0;
  return (await region.getByRole('row').count()) - 1 - empty;
}

/** Opens a console page as 历下区民政局: at the provider's picker the first time, silently after that. */
async function openAsLixia(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const picker = page.getByRole('button', { name: /^历下区民政局/ });
  const signedIn = page.getByRole('button', { name: '退出登录' });
  await picker.or(signedIn).first().waitFor();
  if (await picker.isVisible()) await picker.click();
  await signedIn.waitFor();
}

/** The text the page shows after an export, and its progress bar at 100. */
async function expectExported(page: Page, count: number, file: string) {
  await page.getByText(`已导出 ${count} 条：${file}`).waitFor();
  expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
}

/**
 * 历下区民政局 pages through its 13 stations (pages of 10), filters them by street (the filter in the URL, sent to
 * the API), sorts, and exports every station to CSV and Excel: each file holds exactly what the API answers, every
 * page of it, money in yuan and dates as dates.
 */
describe('console lists: paging, filters, sorting and export', () => {
  let runtime: Runtime;
  let browser: Browser;
  let api: Api;
  // biome-ignore lint/suspicious/noExplicitAny: the API's stations as it answers them.
  let stations: any[];

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    api = apiClient(runtime.apiUrl);
    const divisions = await api('GET', '/divisions');
    const lixia = divisions.body.find((d: { code: string }) => d.code === '370102');
    expect(lixia.streets.length).toBeGreaterThan(10);
    for (const [i, street] of (lixia.streets as { code: string }[]).entries()) {
      const res = await api('POST', '/stations', {
        as: 'lixia.mz',
        body: {
          districtCode: '370102',
          streetCode: street.code,
          address: `历下区测试路 ${i + 1} 号`,
          // Every station but the last has an opening date; the last shows that none is exported as empty.
          ...(i < 12 ? { openedOn: `2025-${String(12 - i).padStart(2, '0')}-15` } : {}),
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // One station of 市中区: the city sees it beside 历下区's, 历下区 never does.
    const shizhong = await api('POST', '/stations', {
      as: 'shizhong.mz',
      body: { districtCode: '370103', streetCode: '370103002', address: '市中区测试路 1 号' },
    });
    expect(shizhong.status, JSON.stringify(shizhong.body)).toBe(201);
    const all = await api('GET', '/stations?limit=100', { as: 'lixia.mz' });
    stations = all.body.items;
    expect(stations.length).toBe(lixia.streets.length);
    expect(all.body.nextCursor).toBeUndefined();

    // Two contracts: 60 万元, and 123,456.78 元 (parts and tranches adding up to the fen).
    const odd = {
      ...contractTerms('LX-LIST-002'),
      amountFen: 12_345_678,
      breakdown: { labourFen: 10_000_000, qualityAssuranceFen: 2_000_000, operatorManagementFen: 345_678 },
      paymentSchedule: [
        { seq: 1, plannedOn: '2026-01-15', amountFen: 6_000_000, precondition: 'contract_signed' },
        { seq: 2, plannedOn: '2026-07-15', amountFen: 6_345_678, precondition: 'midterm_report_accepted' },
      ],
    };
    for (const [station, terms] of [
      [stations[0], contractTerms('LX-LIST-001')],
      [stations[1], odd],
    ] as const) {
      const res = await api('POST', '/contracts', {
        as: 'lixia.mz',
        body: { stationId: station.id, ...terms },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const filed = await api('POST', '/public/complaints', {
      body: { stationId: stations[2].id, content: '服务站周末不开门，预约的活动被取消。' },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('pages through the stations, sorts the loaded rows and exports every station to CSV and Excel', async () => {
    const page = await browser.page(DESKTOP);
    await openAsLixia(page, `${runtime.apiUrl}/console/stations`);
    await page.getByRole('heading', { name: '社工站', exact: true }).waitFor();
    await expect.poll(() => bodyRows(page, '社工站列表'), { timeout: 15_000 }).toBe(10);
    await page.getByText('排序只在已加载的 10 条中进行').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-stations-first-page-1280');

    // CSV: every station, not only the 10 loaded, as the API answers them.
    const csv = await download(page, '导出 CSV');
    expect(csv.suggestedFilename()).toBe(`社工站列表-${today()}.csv`);
    await expectExported(page, stations.length, `社工站列表-${today()}.csv`);
    const expected = stations.map((s) => [
      s.standardName,
      s.districtName,
      s.streetName,
      s.address,
      STATION_STATUS[s.status],
      s.openedOn ?? '',
    ]);
    expect(await csvRows(csv)).toEqual([
      ['标准名称', '区县', '街道/镇', '地址', '状态', '设立日期'],
      ...expected,
    ]);
    // axe waits for the page's animations: the screenshot shows the finished bar.
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-stations-exported-csv-1280');

    // Excel: the same rows, the opening dates as date cells in a Chinese date format.
    const xlsx = await download(page, '导出 Excel');
    expect(xlsx.suggestedFilename()).toBe(`社工站列表-${today()}.xlsx`);
    await expectExported(page, stations.length, `社工站列表-${today()}.xlsx`);
    const ws = await sheet(xlsx);
    const rows = sheetRows(ws);
    expect(rows[0]).toEqual(['标准名称', '区县', '街道/镇', '地址', '状态', '设立日期']);
    expect(
      rows.slice(1).map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? '')))),
    ).toEqual(expected);
    const dated = stations.findIndex((s) => s.openedOn);
    expect(ws.getRow(dated + 2).getCell(6).value).toBeInstanceOf(Date);
    expect(ws.getRow(dated + 2).getCell(6).numFmt).toBe('yyyy"年"m"月"d"日"');

    // 加载更多: the rest of the stations; with every page loaded, sorting covers them all and the hint goes.
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => bodyRows(page, '社工站列表'), { timeout: 15_000 }).toBe(stations.length);
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    expect(await page.getByText('排序只在已加载的').count()).toBe(0);
    await page.getByRole('columnheader', { name: '设立日期' }).click();
    const earliest = [...stations]
      .filter((s) => s.openedOn)
      .sort((a, b) => a.openedOn.localeCompare(b.openedOn))[0];
    expect(
      await page.getByRole('region', { name: '社工站列表' }).getByRole('row').nth(1).textContent(),
    ).toContain(earliest.standardName);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-stations-all-sorted-1280');
    await page.close();
  }, 180_000);

  it('filters by street through the API, keeps the filter in the URL and exports only what it selects', async () => {
    const page = await browser.page(DESKTOP);
    await openAsLixia(page, `${runtime.apiUrl}/console/stations`);
    await expect.poll(() => bodyRows(page, '社工站列表'), { timeout: 15_000 }).toBe(10);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/stations') asked.push(new URL(r.url()).search);
    });
    const street = page.getByRole('combobox', { name: /街道\/镇/ });
    await street.click();
    await street.fill('解放路');
    await page.keyboard.press('Enter');
    await page.waitForURL(/street=370102001/);
    await expect.poll(() => bodyRows(page, '社工站列表'), { timeout: 15_000 }).toBe(1);
    await page.getByRole('cell', { name: '历下区解放路街道社会工作服务站' }).waitFor();
    expect(asked.some((q) => new URLSearchParams(q).get('street') === '370102001')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-stations-street-filter-1280');

    const filtered = await api('GET', '/stations?street=370102001&limit=100', { as: 'lixia.mz' });
    expect(filtered.body.items).toHaveLength(1);
    const csv = await download(page, '导出 CSV');
    await expectExported(page, 1, `社工站列表-${today()}.csv`);
    expect((await csvRows(csv)).slice(1)).toEqual(
      filtered.body.items.map((s: (typeof stations)[number]) => [
        s.standardName,
        s.districtName,
        s.streetName,
        s.address,
        STATION_STATUS[s.status],
        s.openedOn ?? '',
      ]),
    );

    // The link reproduces the view: a new page at that URL (on a phone) shows the one station of the street.
    const link = page.url();
    await page.close();
    const again = await browser.page(PHONE);
    await again.goto(link);
    await expect.poll(() => bodyRows(again, '社工站列表'), { timeout: 15_000 }).toBe(1);
    await again.getByRole('form', { name: '筛选' }).getByText('解放路街道').waitFor();
    await again.getByRole('cell', { name: '历下区解放路街道社会工作服务站' }).waitFor();
    expect(await seriousViolations(again)).toEqual([]);
    await screenshot(again, 'lists-stations-street-filter-375');
    await again.close();
  }, 120_000);

  it('offers the city a district filter whose choice narrows the streets offered', async () => {
    const city = await launchBrowser();
    try {
      const page = await city.page(DESKTOP);
      await page.goto(`${runtime.apiUrl}/console/stations`);
      await page.getByRole('button', { name: /^市民政局/ }).click();
      await expect.poll(() => bodyRows(page, '社工站列表'), { timeout: 15_000 }).toBe(10);
      const district = page.getByRole('combobox', { name: /区县/ });
      await district.click();
      await district.fill('市中');
      await page.keyboard.press('Enter');
      await page.waitForURL(/district=370103/);
      await expect.poll(() => bodyRows(page, '社工站列表'), { timeout: 15_000 }).toBe(1);
      await page.getByRole('cell', { name: '市中区大观园街道社会工作服务站' }).waitFor();
      expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);

      const street = page.getByRole('combobox', { name: /街道\/镇/ });
      await street.click();
      await page.getByTitle('杆石桥街道').waitFor();
      expect(await page.getByTitle('解放路街道').count()).toBe(0);
      await page.keyboard.press('Escape');
      // Checked once the street list has closed: while it animates out, it is a listbox without its field's name.
      await expect.poll(() => page.getByRole('listbox').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'lists-stations-city-district-1280');
      await page.close();
    } finally {
      await city.close();
    }
  }, 120_000);

  it('exports the contracts with their amounts in yuan and a ¥ format in Excel', async () => {
    const page = await browser.page(DESKTOP);
    await openAsLixia(page, `${runtime.apiUrl}/console/contracts`);
    await page.getByRole('heading', { name: '服务合同', exact: true }).waitFor();
    await page.getByRole('cell', { name: '¥123,456.78' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const answered = (await api('GET', '/contracts?limit=100', { as: 'lixia.mz' })).body.items;
    expect(answered).toHaveLength(2);
    const csv = await download(page, '导出 CSV');
    expect(csv.suggestedFilename()).toBe(`服务合同列表-${today()}.csv`);
    expect(await csvRows(csv)).toEqual([
      ['合同编号', '承接方', '合同金额', '服务期起', '服务期止', '状态'],
      // biome-ignore lint/suspicious/noExplicitAny: the API's contracts as it answers them.
      ...answered.map((c: any) => [
        c.number,
        c.operator.name,
        yuan(c.amountFen),
        c.servicePeriod.start,
        c.servicePeriod.end,
        CONTRACT_STATUS[c.status],
      ]),
    ]);
    expect((await csvRows(csv)).map((r) => r[2])).toEqual(
      expect.arrayContaining(['合同金额', '600000.00', '123456.78']),
    );

    const ws = await sheet(await download(page, '导出 Excel'));
    await expectExported(page, 2, `服务合同列表-${today()}.xlsx`);
    for (const [i, c] of answered.entries()) {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(c.number);
      expect(row.getCell(3).value).toBe(Number(yuan(c.amountFen)));
      expect(row.getCell(3).numFmt).toBe('"¥"#,##0.00');
      expect((row.getCell(4).value as Date).toISOString().slice(0, 10)).toBe(c.servicePeriod.start);
      expect((row.getCell(5).value as Date).toISOString().slice(0, 10)).toBe(c.servicePeriod.end);
      expect(row.getCell(6).value).toBe(CONTRACT_STATUS[c.status]);
    }
    expect(ws.getColumn(3).values).toEqual(expect.arrayContaining([600000, 123456.78]));
    // axe waits for the page's animations: the screenshot shows the finished bar.
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-contracts-exported-1280');
    await page.close();
  }, 120_000);

  it('exports the complaints as the API lists them, masked, and works at 375 px', async () => {
    const page = await browser.page(PHONE);
    await openAsLixia(page, `${runtime.apiUrl}/console/complaints`);
    await page.getByRole('heading', { name: '投诉', exact: true }).waitFor();
    await expect.poll(() => bodyRows(page, '投诉列表'), { timeout: 15_000 }).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-complaints-375');

    const answered = (await api('GET', '/complaints', { as: 'lixia.mz' })).body.items;
    const csv = await download(page, '导出 CSV');
    expect(csv.suggestedFilename()).toBe(`投诉列表-${today()}.csv`);
    expect(await csvRows(csv)).toEqual([
      ['社工站', '收到', '受理期限', '办结期限', '状态'],
      // biome-ignore lint/suspicious/noExplicitAny: the API's complaints as it answers them.
      ...answered.map((c: any) => [
        c.stationName,
        c.receivedOn,
        c.acknowledgeBy,
        c.resolveBy,
        '已收到，待受理',
      ]),
    ]);
    // axe waits for the page's animations: the screenshot shows the finished bar.
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'lists-complaints-exported-375');
    await page.close();
  }, 120_000);
});
