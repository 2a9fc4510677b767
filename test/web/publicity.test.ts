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
import { makePdf } from '#test/helpers/documents';
import { THIRD_PARTY_INDICATORS } from '#test/helpers/evaluation';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

const REPORT = ['2026 年度评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议'];

/**
 * A member of the public, on a phone, reads an open publicity notice (R18.1) with the result the API computed and
 * files an objection through the portal; the notice is published through the API first, as the district would.
 */
describe('the public publicity page in a browser', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    browser = await launchBrowser();
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const terms = contractTerms('LX-WEB-2026');
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...terms,
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    const cid = contract.body.id as string;
    await api('POST', `/contracts/${cid}/status`, { as: 'lixia.mz', body: { version: 1, to: 'active' } });
    const evaluation = await api('POST', `/contracts/${cid}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      },
    });
    const eid = evaluation.body.id as string;
    const version = async () => (await api('GET', `/evaluations/${eid}`, { as: 'city.mz' })).body.version;
    const scores: [string, object][] = [
      ['tp.a', { indicators: THIRD_PARTY_INDICATORS }],
      ['lixia.mz', { score: 90.33 }],
      ['jiefanglu.jd', { score: '78.11' }],
    ];
    for (const [as, body] of scores) {
      const res = await api('PUT', `/evaluations/${eid}/scores`, {
        as,
        body: { version: await version(), ...body },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const bytes = await makePdf(REPORT);
    const ticket = await api('POST', `/reports/EVAL-${eid}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: bytes.byteLength },
    });
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    await runtime.s3.drain();
    await api('POST', `/evaluations/${eid}/confirmation`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    const notice = await api('POST', `/evaluations/${eid}/publicity`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(notice.status, JSON.stringify(notice.body)).toBe(201);
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await browser?.close();
    await runtime?.dispose();
  });

  it('shows the open notice with its result at 375 px and takes an objection, showing its receipt', async () => {
    const page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/gs/publicity`);
    await expect.poll(() => page.getByRole('heading', { name: '评估结果公示' }).isVisible()).toBe(true);
    const card = page.getByRole('heading', { name: '历下区解放路街道社会工作服务站' });
    await card.waitFor();
    expect(await page.getByText('86.3120').isVisible()).toBe(true);
    expect(await page.getByText('良好').first().isVisible()).toBe(true);
    expect(await page.getByText('2026年11月26日').first().isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-publicity-375');
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    await page.getByRole('button', { name: '对此结果提出异议' }).click();
    await page.getByLabel('异议内容').fill('入户走访抽样偏少，结果不能反映实际服务情况');
    await page.getByLabel(/联系方式/).fill('13800000000');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.getByText('异议已受理').waitFor();
    expect(await page.getByText(/受理编号/).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-objection-receipt-375');

    const objections = await api('GET', '/objections', { as: 'lixia.mz' });
    expect(objections.body.items).toHaveLength(1);
    expect(objections.body.items[0].content).toBe('入户走访抽样偏少，结果不能反映实际服务情况');
    await page.close();
  });

  it('shows the same notice at 1280 px', async () => {
    const page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/gs/publicity`);
    await page.getByRole('heading', { name: '历下区解放路街道社会工作服务站' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-publicity-1280');
    await page.close();
  });

  it('shows the year’s fund disclosure in yuan, and the front page', async () => {
    const page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/gs/funds?year=2026`);
    await page
      .getByRole('cell', { name: 'LX-WEB-2026' })
      .or(page.getByText('历下区解放路街道社会工作服务站').first())
      .first()
      .waitFor();
    expect(await page.getByText('¥600,000.00').first().isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-funds-375');
    await page.goto(`${runtime.apiUrl}/`);
    await page.getByRole('heading', { name: '公众服务' }).waitFor();
    expect(page.url()).toBe(`${runtime.apiUrl}/gs`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'public-home-375');
    await page.close();
  });

  it('keeps every API path JSON beside the portal', async () => {
    const res = await fetch(`${runtime.apiUrl}/public/publicity?status=open`, {
      headers: { accept: 'text/html' },
    });
    expect(res.headers.get('content-type')).toContain('application/json');
    const unknown = await fetch(`${runtime.apiUrl}/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(await unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', title: '没有这个接口' });
    const page = await fetch(`${runtime.apiUrl}/gs/funds`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
