import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { makePdf } from '#test/helpers/documents';
import { THIRD_PARTY_INDICATORS } from '#test/helpers/evaluation';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

const REPORT = ['2026 年度评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议'];
const OBJECTION = '入户走访抽样偏少，结果不能反映实际服务情况';
const OPINION = '经核查，抽样户数符合评估方案要求，异议不成立。';

/**
 * The evaluation in the console (R16.1–R18.1), one service year through the browser: 历下区民政局 commissions it
 * and gives its score, the street office gives its own, 第三方评估机构 A scores each indicator — sees the API refuse a
 * point above an indicator's maximum, then the total and grade the API computed — and uploads its report; the
 * district confirms and publishes; a member of the public objects on a 375 px phone; the district reads the
 * objector's contact and decides the objection with its reasons.
 */
describe('evaluation, publicity and objections in the console', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;
  let page: Page;
  let files: string;
  let evaluationId: string;

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

  const evaluation = async (as = 'lixia.mz') =>
    (await api('GET', `/evaluations/${evaluationId}`, { as })).body;

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    browser = await launchBrowser();
    page = await browser.page(DESKTOP);
    // Several suites share this machine's two cores: a step may take longer than the helper's 15 s.
    browser.context.setDefaultTimeout(30_000);
    files = mkdtempSync(join(tmpdir(), 'sgz-evaluation-'));
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...contractTerms('LX-EVAL-2026'),
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    const activated = await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await browser?.close();
    await runtime?.dispose();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('lets the district commission the evaluation of a service year and give its score', async () => {
    await signInAs(/^历下区民政局/, '/console/evaluations');
    await page.getByRole('heading', { name: '评估', exact: true }).waitFor();
    await page.getByRole('button', { name: '委托第三方评估' }).click();
    const dialog = page.getByRole('dialog', { name: '委托第三方评估' });
    await dialog.getByLabel('服务合同').click();
    await page.getByTitle('LX-EVAL-2026（承接方 org-op-a）').click();
    await dialog.getByLabel('评估机构统一身份编号').fill('org-tp-a');
    await dialog.getByLabel('评估机构名称').fill('第三方评估机构 A');
    await dialog.getByPlaceholder('开始日期').fill('2026-12-01');
    await dialog.getByPlaceholder('结束日期').fill('2026-12-20');
    await dialog.getByPlaceholder('结束日期').press('Tab');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-commission-1280');
    await dialog.getByRole('button', { name: '委托评估' }).click();

    await page.getByRole('heading', { name: '历下区 解放路街道社工站 第 1 服务年度评估' }).waitFor();
    const listed = await api('GET', '/evaluations', { as: 'lixia.mz' });
    expect(listed.body.items).toHaveLength(1);
    evaluationId = listed.body.items[0].id;
    expect(page.url()).toBe(`${runtime.apiUrl}/console/evaluations/${evaluationId}`);
    expect(listed.body.items[0].planned).toEqual({ start: '2026-12-01', end: '2026-12-20' });
    // The window is the API's: one month before the service year ends.
    expect(await page.getByText('2026年12月1日 至 2026年12月31日').isVisible()).toBe(true);

    await page.getByLabel('百分制得分').fill('90.33');
    await page.getByRole('button', { name: '保存评分' }).click();
    await page.getByText('评分已保存').waitFor();
    expect((await evaluation()).scores.district).toBe(9033);
    expect(await page.getByText('90.33 分').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-district-score-1280');
  }, 120_000);

  it('lets the street office give its score', async () => {
    await signInAs(/^历下区解放路街道办事处/, '/console/evaluations');
    await page.getByRole('link', { name: '历下区 解放路街道' }).click();
    await page.getByLabel('百分制得分').fill('78.11');
    await page.getByRole('button', { name: '保存评分' }).click();
    await page.getByText('评分已保存').waitFor();
    expect((await evaluation()).scores.street).toBe(7811);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-street-score-1280');
  }, 120_000);

  it('lets the third party score each indicator and shows the total and grade the API computed', async () => {
    await signInAs(/^第三方评估机构 A/, '/console');
    // Its 工作台 lists the evaluation still to do.
    await page.getByRole('heading', { name: '进行中的评估' }).waitFor();
    await page.getByRole('link', { name: '历下区 解放路街道' }).click();
    await page.getByRole('heading', { name: '第三方评估机构评分（按指标逐项）' }).waitFor();

    const template = (await api('GET', '/evaluation-templates', { as: 'tp.a' })).body.current;
    const field = (key: string) => {
      const [part, name] = key.split('.');
      const indicator = template.parts
        .find((p: { key: string }) => p.key === part)
        .indicators.find((i: { key: string }) => i.key === name);
      return page.getByLabel(new RegExp(`^${indicator.name}（满分 `));
    };
    // One point above 财务管理·经费使用's maximum first: the API refuses and names the indicator.
    const tooMuch = { ...THIRD_PARTY_INDICATORS, 'finance.use': 9 };
    for (const [key, points] of Object.entries(tooMuch)) await field(key).fill(String(points));
    await page.getByRole('button', { name: '保存评分' }).click();
    const refused = await api('PUT', `/evaluations/${evaluationId}/scores`, {
      as: 'tp.a',
      body: { version: (await evaluation('tp.a')).version, indicators: tooMuch },
    });
    expect(refused.status).toBe(422);
    const alert = page.getByRole('alert').filter({ hasText: refused.body.title });
    await alert.waitFor();
    const reason = refused.body.errors.find((e: { path: string }) => e.path.endsWith('finance.use'));
    // Beside the field it concerns, as the API worded it.
    await page.getByText(reason.message).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-indicator-refused-1280');

    await field('finance.use').fill(String(THIRD_PARTY_INDICATORS['finance.use']));
    await page.getByRole('button', { name: '保存评分' }).click();
    await page.getByText('评分已保存').waitFor();
    const result = page.getByRole('region', { name: '综合得分与等级' });
    await result.waitFor();
    const after = await evaluation('tp.a');
    expect(after.result.total).toBe('86.3120');
    expect(await result.textContent()).toBe(`综合得分：${after.result.total} 分 良好`);
    expect(after.result.grade).toBe('good');
    expect(await page.getByText('85.67 分').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-third-party-scored-1280');

    const pdf = join(files, '评估报告.pdf');
    writeFileSync(pdf, await makePdf(REPORT));
    await page.getByRole('button', { name: '上传评估报告' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('点击或将文件拖到此处上传').waitFor();
    await dialog.locator('input[type=file]').setInputFiles(pdf);
    await dialog.getByText('校验通过，报告已提交').waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: /关闭|Close/ }).click();
    await page.getByText('校验通过', { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-report-uploaded-1280');
  }, 120_000);

  it('lets the district confirm the report and publish the result for the API’s period', async () => {
    await signInAs(/^历下区民政局/, `/console/evaluations/${evaluationId}`);
    await page.getByRole('button', { name: '确认评估报告' }).click();
    await page.getByText('已确认，待公示').waitFor();
    expect((await evaluation()).status).toBe('confirmed');
    await page.getByRole('button', { name: '发布公示' }).click();
    await page.getByText('评估结果已公示').waitFor();
    const notice = (await api('GET', '/public/publicity?status=open')).body.items[0];
    expect(notice.evaluationId).toBe(evaluationId);
    const facts = page.getByLabel('公示信息');
    // Published on 25 November: from the 26th to the 5th working day, 2 December, as the API counted it.
    expect(notice.period).toMatchObject({ startsOn: '2026-11-26', minEndOn: '2026-12-02' });
    expect(await facts.getByText('2026年11月26日 至 2026年12月2日').isVisible()).toBe(true);
    expect(await page.getByText('公示中').first().isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-published-1280');
  }, 120_000);

  it('shows the notice on a 375 px phone and takes an objection there', async () => {
    const phone = await browser.page(PHONE);
    await phone.goto(`${runtime.apiUrl}/gs/publicity`);
    await phone.getByRole('heading', { name: '历下区解放路街道社会工作服务站' }).waitFor();
    expect(await phone.getByText('86.3120').isVisible()).toBe(true);
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await phone.getByRole('button', { name: '对此结果提出异议' }).click();
    await phone.getByLabel('异议内容').fill(OBJECTION);
    await phone.getByLabel(/联系方式/).fill('13800000000');
    await phone.getByRole('button', { name: '提交异议' }).click();
    await phone.getByText('异议已受理').waitFor();
    expect(await seriousViolations(phone)).toEqual([]);
    await screenshot(phone, 'evaluation-public-objection-375');
    await phone.close();
  }, 120_000);

  it('lets the district read the objector’s contact and decide the objection with its reasons', async () => {
    await page.goto(`${runtime.apiUrl}/console`);
    const pending = page.getByRole('region', { name: '待处理的公示异议列表' });
    await pending.getByRole('cell', { name: OBJECTION }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-district-dashboard-objection-1280');

    await page
      .getByRole('navigation', { name: '控制台菜单' })
      .getByRole('menuitem', { name: '公示异议' })
      .click();
    await page.getByRole('heading', { name: '公示异议', exact: true }).waitFor();
    await page.getByRole('button', { name: '查看联系方式' }).click();
    const contact = page.getByRole('dialog', { name: '质疑人联系方式' });
    await contact.getByRole('button', { name: '确认查看' }).click();
    await contact.getByText('联系方式：13800000000').waitFor();
    await contact.getByRole('button', { name: /关闭|Close/ }).click();

    await page.getByRole('button', { name: '处理', exact: true }).click();
    const decision = page.getByRole('dialog', { name: /^处理异议/ });
    await decision.getByText('历下区解放路街道社会工作服务站').waitFor();
    await decision.getByLabel('异议不成立').check();
    await decision.getByLabel('处理意见（报市民政局）').fill(OPINION);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-objection-decision-1280');
    await decision.getByRole('button', { name: '提交处理意见' }).click();
    await decision.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: OBJECTION });
    await row.getByText('异议不成立', { exact: true }).waitFor();
    expect(await row.getByText(OPINION).isVisible()).toBe(true);
    const objections = (await api('GET', '/objections', { as: 'lixia.mz' })).body.items;
    expect(objections[0]).toMatchObject({ status: 'rejected', decision: { opinion: OPINION } });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-objections-decided-1280');
  }, 120_000);

  it('lets the district re-evaluate the published result with a reason, and shows the API’s refusal', async () => {
    const REASON = '评估报告中服务对象满意度数据有误，委托第三方复核后重新评分';
    const noticeId = (await evaluation()).publicityId;
    await page.goto(`${runtime.apiUrl}/console/evaluations/${evaluationId}`);
    await page.getByRole('button', { name: '重新评估', exact: true }).click();
    const form = page.getByRole('form', { name: '重新评估' });
    // Without a reason the form asks for one before anything is sent.
    await form.getByRole('button', { name: '确认重新评估' }).click();
    await form.getByText('请填写重新评估的理由').waitFor();
    expect((await evaluation()).status).toBe('in_publicity');
    await form.getByLabel('重新评估理由').fill(REASON);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-re-evaluation-1280');
    await form.getByRole('button', { name: '确认重新评估' }).click();
    await page.getByText('已发起重新评估：原结果已存档，各方可重新评分，确认后另行公示').waitFor();

    const after = await evaluation();
    expect(after).toMatchObject({ status: 'scoring', history: [{ reason: REASON, publicityId: noticeId }] });
    expect(await page.getByText('评分中').first().isVisible()).toBe(true);
    const earlier = page.getByLabel('第 1 次重新评估前的结果');
    expect(await earlier.getByText(REASON).isVisible()).toBe(true);
    expect(await earlier.getByText('86.3120').isVisible()).toBe(true);
    expect(await earlier.getByText('已撤回').isVisible()).toBe(true);
    // Who reopened it, as a clerk names the office (recorded by the API from the role and district), not a login.
    expect(after.history[0]).toMatchObject({ reopenedBy: 'lixia.mz', reopenedByOffice: '历下区民政局' });
    expect(await earlier.getByText('历下区民政局').isVisible()).toBe(true);
    expect(await earlier.getByText('lixia.mz').count()).toBe(0);
    // The public no longer reads the notice as open.
    const open = (await api('GET', '/public/publicity?status=open')).body.items as { id: string }[];
    expect(open.map((n) => n.id)).not.toContain(noticeId);
    // The district scores again (a change with its reason); here its own score is the form on the page.
    expect(await page.getByLabel('修改理由').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-evaluation-re-evaluated-1280');

    // A second round published, then re-evaluated in another window while this page still shows the old version:
    // the API's zh-CN problem is shown, nothing is changed twice.
    const version = async () => (await evaluation()).version;
    const scored = await api('PUT', `/evaluations/${evaluationId}/scores`, {
      as: 'tp.a',
      body: { version: await version(), indicators: THIRD_PARTY_INDICATORS },
    });
    expect(scored.body.status).toBe('scored');
    for (const step of ['confirmation', 'publicity']) {
      const done = await api('POST', `/evaluations/${evaluationId}/${step}`, {
        as: 'lixia.mz',
        body: { version: await version() },
      });
      expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
    }
    await page.reload();
    await page.getByRole('button', { name: '重新评估', exact: true }).click();
    await form.getByLabel('重新评估理由').fill('第二次重新评估');
    const elsewhere = await api('POST', `/evaluations/${evaluationId}/re-evaluation`, {
      as: 'lixia.mz',
      body: { version: await version(), reason: '另一窗口先行发起' },
    });
    expect(elsewhere.status).toBe(200);
    await form.getByRole('button', { name: '确认重新评估' }).click();
    await page.getByRole('alert').filter({ hasText: '数据已被他人修改，请刷新后重试' }).waitFor();
    expect((await evaluation()).history).toHaveLength(2);
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);
});
