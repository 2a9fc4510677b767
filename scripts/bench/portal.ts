import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { DemoUser } from '#infra/local/demo-users';
import { findDemoUser } from '#infra/local/demo-users';
import { ensurePortalBuilt, PORTAL_DIR } from '#infra/local/portal';
import { freePort } from '#infra/local/ports';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime';
import { resetClock, setClock } from '#shared/clock';
import { CHROMIUM, DESKTOP, PHONE, SCREENSHOTS } from '#test/helpers/browser';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { THIRD_PARTY_INDICATORS } from '#test/helpers/evaluation';
import {
  type BenchOptions,
  fmtInt,
  fmtKB,
  fmtMs,
  fmtRatio,
  progress,
  type Section,
  type Summary,
  summarize,
  type Target,
  table,
} from './lib';

/**
 * 6. Portal. The portal (web/, built for production as `npm start` builds it) on the local runtime, in Debian's
 * Chromium driven by playwright-core, after publicity notices have been published through the API as a district
 * would (station, contract, evaluation with its three scores, the evaluation report uploaded and validated,
 * confirmation, publicity).
 *
 * - JavaScript on first load: in a fresh browser context (empty cache), every JavaScript response from the portal's
 *   origin until the network is idle — the entry, its module preloads and the chunks the page's route loads — each
 *   gzipped with zlib at its default level, as a CDN compresses, and summed. For each public page, and for the
 *   console after signing in as 历下区民政局 through the local provider's picker (the provider's own page is not the
 *   portal's and is not counted).
 * - Largest contentful paint of /gs/publicity against a baseline: a static HTML page holding the same notices (the
 *   rows the API returned, written out by this benchmark with the portal's own stylesheet) served by the same server
 *   from web/dist/assets/. Each load in a fresh context, the two pages alternating, at a desktop and a phone width;
 *   LCP read from a buffered PerformanceObserver once the list is on screen and the network is idle.
 */

const PUBLIC_JS_LIMIT_KB = 300;
const CONSOLE_JS_LIMIT_KB = 700;
const LCP_RATIO_LIMIT = 3;
/** Frozen, as in the browser tests: the notices' dates and the publicity period do not depend on the day it runs. */
const CLOCK = new Date('2026-11-25T02:00:00Z');
/** The public pages and the heading each shows once its code has loaded and run. */
const PUBLIC_PAGES = {
  '/gs': '公众服务',
  '/gs/publicity': '评估结果公示',
  '/gs/funds': '资金信息公开',
  '/gs/complaints': '投诉与查询',
  '/gs/stations': '社工站名录',
} as const;
const REPORT_LINES = ['2026 年度评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议'];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Notice {
  readonly stationName: string;
  readonly operatorName: string;
  readonly evaluatorName: string;
  readonly gradeName: string;
  readonly total: string;
  readonly scores: { readonly thirdParty: string; readonly district: string; readonly street: string };
  readonly serviceYear: { readonly start: string; readonly end: string };
  readonly period: { readonly startsOn: string; readonly minEndOn: string; readonly provisional?: boolean };
}

interface JsLoad {
  readonly path: string;
  readonly files: readonly { name: string; bytes: number; gzip: number }[];
  readonly bytes: number;
  readonly gzip: number;
}

interface Lcp {
  readonly ms: number;
  readonly element: string;
}

type Call = (
  method: string,
  path: string,
  as?: DemoUser,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

export async function runPortal(options: BenchOptions, repoRoot: string): Promise<Section> {
  const loads = options.scale === 'full' ? 15 : 5;
  const noticeCount = options.scale === 'full' ? 10 : 4;
  const webDir = join(repoRoot, 'web');
  if (PORTAL_DIR !== join(webDir, 'dist'))
    throw new Error(`run from the repository root (serving ${PORTAL_DIR})`);
  ensurePortalBuilt(webDir, progress);
  const loadBefore = loadavg();
  const builtIndex = readFileSync(join(PORTAL_DIR, 'index.html'), 'utf8');

  setClock(() => new Date(CLOCK));
  const dataDir = mkdtempSync(join(options.workDir, 'portal-'));
  const runtime = await startLocalRuntime({
    port: await freePort(),
    s3Port: await freePort(),
    dynamoPort: await freePort(),
    dataDir,
    inMemory: true,
    schedules: false,
  });
  const staticName = `bench-publicity-${Date.now().toString(36)}.html`;
  const staticFile = join(PORTAL_DIR, 'assets', staticName);
  let browser: Browser | undefined;
  try {
    const call = client(runtime);
    progress(`portal: publishing ${noticeCount} publicity notices through the API`);
    await seedNotices(runtime, call, noticeCount);
    const listed = await call('GET', '/public/publicity?status=open');
    const notices = (listed.body as { items?: Notice[] }).items ?? [];
    if (listed.status !== 200 || notices.length !== noticeCount) {
      throw new Error(`GET /public/publicity: ${listed.status}, ${notices.length} notices`);
    }
    const css = /href="\/assets\/([^"]+\.css)"/.exec(builtIndex)?.[1];
    writeFileSync(staticFile, staticPublicity(notices, css));

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const origin = runtime.apiUrl;
    const firstStation = (notices[0] as Notice).stationName;

    progress('portal: JavaScript on first load of each public page and of the console');
    const js: JsLoad[] = [];
    for (const [path, heading] of Object.entries(PUBLIC_PAGES)) {
      js.push(await firstLoadJs(browser, origin, path, shows(heading)));
    }
    js.push(await firstLoadJs(browser, origin, '/console', signIn('历下区民政局')));

    progress(
      `portal: LCP over ${loads} fresh-context loads of /gs/publicity and of the static page, two widths`,
    );
    const appUrl = `${origin}/gs/publicity`;
    const staticUrl = `${origin}/assets/${staticName}`;
    const lcp: { viewport: string; app: Lcp[]; baseline: Lcp[] }[] = [];
    for (const [label, viewport] of [
      ['desktop 1280 px', DESKTOP],
      ['phone 375 px', PHONE],
    ] as const) {
      const app: Lcp[] = [];
      const baseline: Lcp[] = [];
      const shots = label.startsWith('phone') ? '375' : '1280';
      // One load of each first, not counted: the server reads its files and compiles its handlers once.
      await measureLcp(browser, appUrl, viewport, firstStation, `bench-portal-publicity-${shots}`);
      await measureLcp(browser, staticUrl, viewport, firstStation, `bench-portal-static-${shots}`);
      for (let i = 0; i < loads; i++) {
        const order = i % 2 ? (['baseline', 'app'] as const) : (['app', 'baseline'] as const);
        for (const which of order) {
          if (which === 'app') app.push(await measureLcp(browser, appUrl, viewport, firstStation));
          else baseline.push(await measureLcp(browser, staticUrl, viewport, firstStation));
        }
      }
      lcp.push({ viewport: label, app, baseline });
    }
    if (readFileSync(join(PORTAL_DIR, 'index.html'), 'utf8') !== builtIndex) {
      throw new Error('web/dist was rebuilt while the benchmark ran (another build): run it again');
    }
    return report(js, lcp, notices.length, loads, [loadBefore, loadavg()]);
  } finally {
    rmSync(staticFile, { force: true });
    await browser?.close().catch(() => undefined);
    await runtime.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    resetClock();
  }
}

/** The API as a given user, with ID tokens issued by the local provider (demo users, or a street office it makes). */
function client(runtime: LocalRuntime): Call {
  const tokens = new Map<string, string>();
  return async (method, path, as, body) => {
    const headers: Record<string, string> = {};
    if (as) {
      let token = tokens.get(as.username);
      if (!token) {
        token = await runtime.identity.issue(as);
        tokens.set(as.username, token);
      }
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

const demo = (username: string): DemoUser => {
  const user = findDemoUser(username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user;
};

/**
 * One open publicity notice at a station in each of the first `count` streets of 历下区, as the district publishes
 * it: the third party's indicator points, the district's and the street office's scores (a little different at
 * each station, so the grades differ), the evaluation report uploaded and validated, confirmation, publicity.
 */
async function seedNotices(runtime: LocalRuntime, call: Call, count: number): Promise<void> {
  const district = demo('lixia.mz');
  const thirdParty = demo('tp.a');
  const divisions = await call('GET', '/divisions');
  const lixia = (divisions.body as { code: string; streets: { code: string; name: string }[] }[]).find(
    (d) => d.code === '370102',
  );
  const streets = lixia?.streets.slice(0, count) ?? [];
  if (streets.length < count) throw new Error(`历下区 has ${streets.length} streets, ${count} wanted`);
  const report = await makePdf(REPORT_LINES);
  const ok = (step: string, res: { status: number; body: unknown }) => {
    if (res.status >= 300)
      throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body as { id: string; version: number; url: string };
  };
  for (const [i, street] of streets.entries()) {
    const streetOffice: DemoUser = {
      username: `bench.street.${street.code}`,
      role: 'street_office',
      district: '370102',
      street: street.code,
      description: `${street.name}办事处`,
    };
    const station = ok(
      'POST /stations',
      await call('POST', '/stations', district, {
        districtCode: '370102',
        streetCode: street.code,
        address: `${street.name}社区服务中心`,
      }),
    );
    const contract = ok(
      'POST /contracts',
      await call('POST', '/contracts', district, {
        stationId: station.id,
        ...contractTerms(`GS-BENCH-${String(i + 1).padStart(2, '0')}`),
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      }),
    );
    ok(
      'activate',
      await call('POST', `/contracts/${contract.id}/status`, district, { version: 1, to: 'active' }),
    );
    const evaluation = ok(
      'POST /contracts/{id}/evaluations',
      await call('POST', `/contracts/${contract.id}/evaluations`, district, {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      }),
    );
    const version = async () =>
      ok('GET', await call('GET', `/evaluations/${evaluation.id}`, district)).version;
    const scores: [DemoUser, object][] = [
      [thirdParty, { indicators: THIRD_PARTY_INDICATORS }],
      [district, { score: 95.5 - i * 3 }],
      [streetOffice, { score: 88.25 - i * 2 }],
    ];
    for (const [as, body] of scores) {
      ok(
        'PUT scores',
        await call('PUT', `/evaluations/${evaluation.id}/scores`, as, { version: await version(), ...body }),
      );
    }
    const ticket = ok(
      'upload-url',
      await call('POST', `/reports/EVAL-${evaluation.id}/upload-url`, thirdParty, {
        contentType: 'application/pdf',
        bytes: report.byteLength,
      }),
    );
    await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: report });
    await runtime.s3.drain();
    ok(
      'confirmation',
      await call('POST', `/evaluations/${evaluation.id}/confirmation`, district, {
        version: await version(),
      }),
    );
    ok(
      'publicity',
      await call('POST', `/evaluations/${evaluation.id}/publicity`, district, { version: await version() }),
    );
  }
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
/** `2026-11-26` as the portal writes it, 2026年11月26日 (the baseline page has no script to do it). */
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * The baseline: the public publicity page as plain HTML — the same header, heading, note and notices, field for
 * field as the portal shows them — with the portal's stylesheet and no script.
 */
function staticPublicity(notices: readonly Notice[], css: string | undefined): string {
  const field = (label: string, value: string) => `<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const cards = notices.map(
    (n) => `<article class="notice">
<header><h3>${escapeHtml(n.stationName)}</h3><span class="grade">${escapeHtml(n.gradeName)}</span></header>
<dl>${[
      field('承接方', escapeHtml(n.operatorName)),
      field('服务年度', `${chineseDate(n.serviceYear.start)} 至 ${chineseDate(n.serviceYear.end)}`),
      field('评估机构', escapeHtml(n.evaluatorName)),
      field('综合得分', `<strong>${escapeHtml(n.total)}</strong> 分（${escapeHtml(n.gradeName)}）`),
      field('第三方评估机构评分', `${escapeHtml(n.scores.thirdParty)} 分`),
      field('区县民政部门评分', `${escapeHtml(n.scores.district)} 分`),
      field('街道（镇）评分', `${escapeHtml(n.scores.street)} 分`),
      field(
        '公示期',
        `${chineseDate(n.period.startsOn)} 至 ${chineseDate(n.period.minEndOn)}${n.period.provisional ? '（暂定）' : ''}`,
      ),
    ].join('')}</dl>
<p><button type="button">对此结果提出异议</button></p>
</article>`,
  );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="icon" href="data:," />
<title>评估结果公示 · 济南市社会工作服务站</title>
${css ? `<link rel="stylesheet" href="/assets/${css}" />` : ''}
<style>
body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans CJK SC", sans-serif; color: rgba(0,0,0,.88); background: #f5f5f5; }
.notice { background: #fff; border: 1px solid #f0f0f0; border-radius: 8px; margin: 0 0 12px; }
.notice header { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; border-bottom: 1px solid #f0f0f0; }
.notice h3 { margin: 0; font-size: 16px; }
.grade { border: 1px solid #d9d9d9; border-radius: 4px; padding: 0 7px; font-size: 12px; }
.notice dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 4px 16px; margin: 0; padding: 12px 16px; font-size: 14px; }
.notice dl div { display: flex; gap: 4px; }
.notice dt { color: #595959; }
.notice dt::after { content: "："; }
.notice dd { margin: 0; }
.note { color: #595959; }
.notice p { margin: 0 16px 16px; }
.notice button { font: inherit; font-size: 14px; background: #fff; border: 1px solid #d9d9d9; border-radius: 6px; padding: 4px 15px; }
</style>
</head>
<body>
<header class="sgz-public-header"><h1>济南市社会工作服务站</h1>
<nav aria-label="主导航"><a href="/gs">首页</a> <a href="/gs/stations">社工站名录</a> <a href="/gs/publicity">评估结果公示</a> <a href="/gs/funds">资金信息公开</a> <a href="/gs/complaints">投诉与查询</a> <a href="/console">工作人员登录</a></nav>
</header>
<main class="sgz-public-main">
<h2 style="font-size:20px">评估结果公示</h2>
<p class="note">公示期不少于 5 个工作日。对评估结果有异议的，可在公示期内提出，区县民政部门将调查核实并答复。</p>
${cards.join('\n')}
</main>
<footer class="sgz-public-footer">济南市民政局 · 社会工作服务站管理系统</footer>
</body>
</html>
`;
}

/** Waits for the page's heading: its route's code has arrived and run (the network may be idle before it asks). */
const shows = (heading: string) => async (page: Page) => {
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
};

/** Signs in at the local provider's picker as the demo user whose button starts with `who`, then waits for 工作台. */
const signIn = (who: string) => async (page: Page) => {
  await page.getByRole('button', { name: new RegExp(`^${who}`) }).click();
  await page.getByRole('heading', { name: /工作台/ }).waitFor();
};

/**
 * Every JavaScript file from the portal's origin a first load in an empty cache fetched, until `then` (the page is
 * shown) and the network is idle after it.
 */
async function firstLoadJs(
  browser: Browser,
  origin: string,
  path: string,
  then: (page: Page) => Promise<void>,
): Promise<JsLoad> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: DESKTOP,
  });
  const seen = new Set<string>();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('response', (res) => {
      const url = new URL(res.url());
      const script = res.request().resourceType() === 'script' || url.pathname.endsWith('.js');
      if (url.origin === origin && script && res.status() === 200) seen.add(url.pathname);
    });
    await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
    await then(page);
    await page.waitForLoadState('networkidle');
    const finalPath = new URL(page.url()).pathname;
    if (finalPath !== path) throw new Error(`${path} ended at ${finalPath}: not a page of the portal`);
  } finally {
    await context.close().catch(() => undefined);
  }
  // The same bytes the browser received (fingerprinted, immutable files), read again once the page is gone: a
  // response of a page the sign-in navigated away from keeps no body in the browser.
  const files = [];
  for (const pathname of seen) {
    const bytes = Buffer.from(await (await fetch(`${origin}${pathname}`)).arrayBuffer());
    files.push({ name: basename(pathname), bytes: bytes.byteLength, gzip: gzipSync(bytes).byteLength });
  }
  files.sort((a, b) => b.gzip - a.gzip);
  return {
    path,
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}

/**
 * One load in a fresh context: the page, its list on screen, the network idle, two frames; then the largest
 * contentful paint as the browser recorded it (buffered entries: the last is the page's LCP so far).
 */
async function measureLcp(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  firstStation: string,
  screenshotName?: string,
): Promise<Lcp> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url, { waitUntil: 'load' });
    await page.getByRole('heading', { name: firstStation }).waitFor();
    await page.waitForLoadState('networkidle');
    // A string, not a function: the benchmark's TypeScript knows no DOM (the root tsconfig is Node's).
    const lcp = (await page.evaluate(`new Promise((resolve) => {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1);
          const el = last && last.element;
          resolve({
            ms: last ? last.startTime : NaN,
            element: el ? el.tagName.toLowerCase() + ' “' + (el.textContent || '').trim().slice(0, 16) + '”' : '(none)',
          });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }));
    })`)) as Lcp;
    if (screenshotName) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${screenshotName}.png`), fullPage: true });
    }
    return lcp;
  } finally {
    await context.close().catch(() => undefined);
  }
}

const mostCommon = (xs: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
};

function report(
  js: readonly JsLoad[],
  lcp: readonly { viewport: string; app: Lcp[]; baseline: Lcp[] }[],
  notices: number,
  loads: number,
  load: readonly (readonly number[])[],
): Section {
  const publicLoads = js.filter((l) => l.path.startsWith('/gs'));
  const consoleLoad = js.find((l) => l.path === '/console') as JsLoad;
  const heaviestPublic = publicLoads.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const jsTable = table(
    ['first load of', '>files', '>KB', '>KB gzip', 'largest files (KB gzip)'],
    js.map((l) => [
      l.path === '/console' ? '/console (历下区民政局, 工作台)' : l.path,
      String(l.files.length),
      fmtKB(l.bytes),
      fmtKB(l.gzip),
      l.files
        .slice(0, 4)
        .map((f) => `${f.name} ${fmtKB(f.gzip)}`)
        .join(', '),
    ]),
  );
  const rows = lcp.map((v) => ({
    ...v,
    appMs: summarize(v.app.map((l) => l.ms)),
    baseMs: summarize(v.baseline.map((l) => l.ms)),
  }));
  const row = (page: string, s: Summary, element: string, ratio: string) => [
    page,
    String(s.n),
    fmtMs(s.median),
    fmtMs(s.p99),
    fmtMs(s.min),
    ratio,
    element,
  ];
  const lcpTable = table(
    [
      'width',
      'page',
      '>loads',
      '>LCP median ms',
      '>p99 (max) ms',
      '>min ms',
      '>ratio',
      'LCP element (most often)',
    ],
    rows.flatMap((r) => [
      [
        r.viewport,
        ...row(
          '/gs/publicity (the portal)',
          r.appMs,
          mostCommon(r.app.map((l) => l.element)),
          fmtRatio(r.appMs.median / r.baseMs.median),
        ),
      ],
      [
        r.viewport,
        ...row('static HTML, same notices', r.baseMs, mostCommon(r.baseline.map((l) => l.element)), '1.00×'),
      ],
    ]),
  );
  const publicMet = heaviestPublic.gzip <= PUBLIC_JS_LIMIT_KB * 1024;
  const tableGzip = heaviestPublic.files.find((f) => f.name.startsWith('ScrollTable'))?.gzip ?? 0;
  const consoleMet = consoleLoad.gzip <= CONSOLE_JS_LIMIT_KB * 1024;
  const lcpMet = rows.every((r) => r.appMs.median <= LCP_RATIO_LIMIT * r.baseMs.median);
  const targets: Target[] = [
    {
      name: `JavaScript on first load of a public page ≤ ${PUBLIC_JS_LIMIT_KB} KB gzipped`,
      met: publicMet,
      detail: `${publicLoads.map((l) => `${l.path} ${fmtKB(l.gzip)} KB`).join('; ')} (heaviest ${heaviestPublic.path})`,
      ...(publicMet
        ? {}
        : {
            why: `${heaviestPublic.path} loads ${heaviestPublic.files.length} files: ${heaviestPublic.files
              .slice(0, 4)
              .map((f) => `${f.name} ${fmtKB(f.gzip)} KB`)
              .join(
                ', ',
              )}. The entry (React DOM, the router, TanStack Query, antd's theme and run-time CSS-in-JS) and the chunk every public page shares (antd's Typography with its editable TextArea and Tooltip, Card with its Tabs and Skeleton) are under the limit together; the pages with a table (社工站名录 and 资金信息公开, through components/ScrollTable.tsx) add antd's Table.`,
            fix: `the public lists as a plain semantic table: they show rows that the API filters and pages, and use none of what antd's Table brings with it (column filters with Tree, Menu and Dropdown, row selection with Checkbox and Radio, Pagination with Select, the virtual body), which antd imports statically, so no build setting leaves it out. Without that chunk (${fmtKB(tableGzip)} KB) ${heaviestPublic.path} would load ${fmtKB(heaviestPublic.gzip - tableGzip)} KB.`,
          }),
    },
    {
      name: `JavaScript on first load of the console ≤ ${CONSOLE_JS_LIMIT_KB} KB gzipped`,
      met: consoleMet,
      detail: `/console signed in as 历下区民政局, up to 工作台: ${fmtKB(consoleLoad.gzip)} KB in ${consoleLoad.files.length} files`,
      ...(consoleMet
        ? {}
        : { why: 'see the table of files', fix: 'load the console pages on first visit, each on its own' }),
    },
    {
      name: `LCP of /gs/publicity ≤ ${LCP_RATIO_LIMIT}× a static HTML page with the same list, same server`,
      met: lcpMet,
      detail: rows
        .map(
          (r) =>
            `${r.viewport}: ${fmtMs(r.appMs.median)} ms vs ${fmtMs(r.baseMs.median)} ms = ${fmtRatio(r.appMs.median / r.baseMs.median)}`,
        )
        .join('; '),
      ...(lcpMet
        ? {}
        : {
            why: `The largest paint on both pages is the note under the heading (公示期不少于 5 个工作日…). The static page paints it once its HTML and stylesheet have arrived (${rows.map((r) => `${fmtMs(r.baseMs.median)} ms`).join(' and ')}); the portal paints it after its entry has been parsed and run and React has rendered the layout and the page with antd's components. In single-load traces on this machine those took about 0.2 s to parse and run the entry and 0.2–0.3 s for the first render, before layout and paint; with antd's zero-runtime mode and its prebuilt stylesheet (tried while writing this) the first render took about as long, so the cost is the components' own code rather than their run-time CSS. The page's code is already fetched before the first render, so neither a spinner nor React's suspense throttle (300 ms) stands in between.`,
            fix: "the public pages' HTML rendered at build time (the header, heading and note, with antd's styles extracted by @ant-design/static-style-extract) and served for their paths, so that the first paint does not wait for the script, which then takes over the page; or public pages built from lighter components than antd's",
          }),
    },
  ];
  const note = [
    `The portal as \`npm start\` builds it (\`vite build\`, production) and serves it: the local runtime's server, no compression on the wire, so each JavaScript file is gzipped here with zlib at its default level (6), as a CDN compresses; KB = 1,024 bytes. ${fmtInt(notices)} open publicity notices at 历下区 stations, published through the API. Chromium ${CHROMIUM}, headless, every load in a fresh context (empty cache). Load average (1/5/15 min) when the measuring began ${load[0]?.map((l) => l.toFixed(2)).join(' / ')}, when it ended ${load[1]?.map((l) => l.toFixed(2)).join(' / ')}: the page's script competes for the same two cores as everything else, the static page has none, so a busier machine raises the ratio.`,
    '',
    '**JavaScript on first load.** Every JavaScript response from the portal’s origin until the page’s heading shows and the network is then idle (the entry, its module preloads, the chunks the route loads); the console counted from /console through the local provider’s sign-in picker (not counted: the provider’s page) back to 工作台 at 1280 px.',
    '',
    jsTable.md,
    '',
    `**Largest contentful paint.** /gs/publicity against a static HTML page written by the benchmark from the rows the API returned (the same header, heading, note and ${fmtInt(notices)} notices field for field, the portal's stylesheet, no script), served by the same server from web/dist/assets/ (removed afterwards). ${fmtInt(loads)} loads of each after one unmeasured load of each, alternating; a load ends when the first notice's heading is on screen and the network is idle, and LCP is the last buffered \`largest-contentful-paint\` entry. The ratio is median ÷ median.`,
    '',
    lcpTable.md,
  ].join('\n');
  return {
    id: 'portal',
    title: '6. Portal',
    markdown: note,
    text: [jsTable.text, '', lcpTable.text].join('\n'),
    targets,
  };
}
