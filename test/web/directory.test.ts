import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
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

/** 历下区: 12 stations (the 3rd suspended, so 11 in operation); 市中区: 10; every other district none. */
const LIXIA_STREETS = Array.from({ length: 12 }, (_, i) => `370102${String(i + 1).padStart(3, '0')}`);
const SHIZHONG_STREETS = [
  '370103002',
  '370103003',
  '370103004',
  '370103006',
  '370103008',
  '370103009',
  '370103010',
  '370103012',
  '370103014',
  '370103015',
];

/**
 * A member of the public finds a station near them in the directory (社工站名录), on a phone and on a desktop,
 * without signing in: the counts per district from the API, a district tapped, its stations with their operators
 * and key domains, 加载更多 past the first 20, a street chosen. Stations and contracts are registered through the
 * API first, as the districts and operators would.
 */
describe('the public station directory in a browser', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;

  const register = async (as: string, districtCode: string, streetCode: string, address: string) => {
    const res = await api('POST', '/stations', { as, body: { districtCode, streetCode, address } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  const runBy = async (
    as: string,
    stationId: string,
    number: string,
    operator: { orgId: string; user: string; name: string },
    domains: string[],
  ) => {
    const terms = contractTerms(number, operator.orgId);
    const created = await api('POST', '/contracts', {
      as,
      body: { stationId, ...terms, operator: { ...terms.operator, name: operator.name } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const active = await api('POST', `/contracts/${created.body.id}/status`, {
      as,
      body: { version: 1, to: 'active' },
    });
    expect(active.status, JSON.stringify(active.body)).toBe(200);
    const chosen = await api('PUT', `/contracts/${created.body.id}/service-years/1/key-domains`, {
      as: operator.user,
      body: { version: active.body.version, domains },
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  };

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    browser = await launchBrowser();
    const lixia = [];
    for (const [i, street] of LIXIA_STREETS.entries()) {
      lixia.push(await register('lixia.mz', '370102', street, `历下区测试路 ${i + 1} 号`));
    }
    for (const [i, street] of SHIZHONG_STREETS.entries()) {
      const station = await register('shizhong.mz', '370103', street, `市中区经${i + 1}路 ${i + 10} 号`);
      if (street === '370103002') {
        await runBy(
          'shizhong.mz',
          station.id,
          'SZ-WEB-2026',
          { orgId: 'org-op-b', user: 'op.b', name: '济南鲁心社会工作服务有限公司' },
          ['elderly_services', 'social_assistance'],
        );
      }
    }
    const jiefanglu = lixia[0] as { id: string };
    await runBy(
      'lixia.mz',
      jiefanglu.id,
      'LX-WEB-DIR-2026',
      { orgId: 'org-op-a', user: 'op.a', name: '济南市历下区阳光社会工作服务中心' },
      ['child_welfare', 'community_governance', 'social_affairs'],
    );
    const suspended = lixia[2] as { id: string; version: number };
    const res = await api('PATCH', `/stations/${suspended.id}`, {
      as: 'lixia.mz',
      body: { version: suspended.version, status: 'suspended', reason: '场地整修' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }, 180_000);
  afterAll(async () => {
    resetClock();
    await browser?.close();
    await runtime?.dispose();
  });

  const tile = (page: Page, name: string, count: number) =>
    page.getByRole('button', { name: new RegExp(`^${name}\\s*${count}\\s*个$`) });
  const cards = (page: Page) => page.getByRole('list', { name: '社工站列表' }).getByRole('listitem');

  it('shows every district’s count at 375 px, pages on with 加载更多, and narrows to a tapped district', async () => {
    const page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/gs`);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '社工站名录' }).click();
    await page.getByRole('heading', { name: '社工站名录', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/gs/stations');

    await tile(page, '全市', 21).waitFor();
    expect(await tile(page, '历下区', 11).isVisible()).toBe(true);
    expect(await tile(page, '市中区', 10).isVisible()).toBe(true);
    for (const none of ['槐荫区', '莱芜区', '平阴县', '商河县']) {
      expect(await tile(page, none, 0).isVisible(), none).toBe(true);
    }
    expect(await page.getByRole('button', { pressed: true }).textContent()).toMatch(/^全市/);

    // The first page is 20 stations; 加载更多 brings the 21st. The suspended one is never listed.
    await expect.poll(() => cards(page).count(), { timeout: 15_000 }).toBe(20);
    expect(await page.getByText('暂停运营').count()).toBe(0);
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => cards(page).count(), { timeout: 15_000 }).toBe(21);
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    expect(await page.getByText('历下区趵突泉街道社会工作服务站').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'public-stations-375');

    await tile(page, '市中区', 10).click();
    await page.waitForURL(/district=370103/);
    await expect.poll(() => tile(page, '市中区', 10).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { name: '市中区的社工站（10 个）' }).waitFor();
    await expect.poll(() => cards(page).count(), { timeout: 15_000 }).toBe(10);
    const texts = await cards(page).allTextContents();
    expect(texts.every((t) => t.includes('市中区') && !t.includes('历下区'))).toBe(true);
    const daguanyuan = cards(page).filter({ hasText: '市中区大观园街道社会工作服务站' });
    expect(await daguanyuan.getByText('济南鲁心社会工作服务有限公司').isVisible()).toBe(true);
    expect(await daguanyuan.getByText('养老服务').isVisible()).toBe(true);
    expect(await daguanyuan.getByText('社会救助').isVisible()).toBe(true);
    const other = cards(page).filter({ hasText: '市中区杆石桥街道社会工作服务站' });
    expect(await other.getByText('暂无在履行的服务合同').isVisible()).toBe(true);
    expect(await other.getByText('本服务年度尚未确定').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'public-stations-district-375');

    // A district with none says so.
    await tile(page, '莱芜区', 0).click();
    await page.getByText('这里暂无运营中的社工站').waitFor();
    expect(await cards(page).count()).toBe(0);
    await page.close();
  }, 120_000);

  it('lists a district as a table on a desktop and narrows it to a street chosen from its streets', async () => {
    const page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/gs/stations?district=370102`);
    await page.getByRole('heading', { name: '历下区的社工站（11 个）' }).waitFor();
    // A station's row is named by its station (a row header); the loading or empty row has none.
    const rows = page
      .getByRole('region', { name: '社工站列表' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader') });
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(11);
    await expect.poll(() => tile(page, '历下区', 11).getAttribute('aria-pressed')).toBe('true');
    const row = page.getByRole('row', { name: /历下区解放路街道社会工作服务站/ });
    expect(await row.getByText('济南市历下区阳光社会工作服务中心').isVisible()).toBe(true);
    for (const domain of ['儿童福利', '城乡社区治理', '社会事务']) {
      expect(await row.getByText(domain).isVisible(), domain).toBe(true);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-stations-1280');

    const street = page.getByRole('combobox', { name: '街道（镇）' });
    await street.click();
    await page.getByTitle('解放路街道', { exact: true }).click();
    await page.waitForURL(/street=370102001/);
    await page.getByRole('heading', { name: '解放路街道的社工站' }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-stations-street-1280');
    await page.close();
  }, 120_000);
});
