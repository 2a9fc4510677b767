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

const BRIEF = '2026年11月 月度工作简报';
const RETURN_REASON = '请补充本月个案服务的活动照片和服务对象反馈';
const OBJECTION = '入户走访抽样偏少，结果不能反映实际服务情况';
const OPINION = '经核查，抽样户数符合评估方案要求，异议不成立。';

/**
 * One station's year end-to-end in the browser, after only the station and its contract are set up through the API
 * (no page creates them): the district commissions the evaluation and scores; the operator uploads its November
 * brief and sees it pass; the street office returns it with a reason and scores the evaluation; the operator
 * uploads again; the evaluator scores each indicator, sees the API's total and grade and uploads its report; the
 * district confirms and publishes; a member of the public reads the notice on a 375 px phone and objects; the
 * district decides the objection.
 */
describe('a station’s year from brief to publicity, in the browser', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let browser: Browser;
  let page: Page;
  let files: string;

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

  async function pdf(name: string, lines: string[]) {
    const file = join(files, name);
    writeFileSync(file, await makePdf(lines));
    return file;
  }

  /** Uploads through the open upload dialog and waits for the API's validation to pass. */
  async function upload(file: string) {
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByText('校验通过，报告已提交').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: /关闭|Close/ }).click();
  }

  async function check(name: string, on = page) {
    expect(await seriousViolations(on)).toEqual([]);
    await screenshot(on, name);
  }

  beforeAll(async () => {
    setClock(() => new Date('2026-12-03T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    browser = await launchBrowser();
    // Several suites share this machine's two cores: a step may take longer than the helper's 15 s.
    browser.context.setDefaultTimeout(30_000);
    page = await browser.page(DESKTOP);
    files = mkdtempSync(join(tmpdir(), 'sgz-journey-'));
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-JOURNEY-2026') },
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

  it('goes from the operator’s brief to the district’s decision on an objection', async () => {
    // 历下区民政局 commissions the evaluation of the first service year and gives its score.
    await signInAs(/^历下区民政局/, '/console/evaluations');
    await page.getByRole('button', { name: '委托第三方评估' }).click();
    const commission = page.getByRole('dialog', { name: '委托第三方评估' });
    await commission.getByLabel('服务合同').click();
    await page.getByTitle('LX-JOURNEY-2026（承接方 org-op-a）').click();
    await commission.getByLabel('评估机构统一身份编号').fill('org-tp-a');
    await commission.getByLabel('评估机构名称').fill('第三方评估机构 A');
    await commission.getByPlaceholder('开始日期').fill('2026-12-05');
    await commission.getByPlaceholder('结束日期').fill('2026-12-20');
    await commission.getByPlaceholder('结束日期').press('Tab');
    await commission.getByRole('button', { name: '委托评估' }).click();
    await page.getByRole('heading', { name: /第 1 服务年度评估$/ }).waitFor();
    const evaluationUrl = page.url();
    await page.getByLabel('百分制得分').fill('90.33');
    await page.getByRole('button', { name: '保存评分' }).click();
    await page.getByText('评分已保存').waitFor();

    // 承接方 A uploads its November brief, which passes the API's validation.
    await signInAs(/^承接方 A/, '/console/reports');
    await page.getByRole('link', { name: BRIEF }).click();
    await page.getByRole('button', { name: '上传报告' }).click();
    await upload(
      await pdf('十一月简报.pdf', [
        '2026年11月工作简报',
        '本月服务开展情况',
        '服务成效',
        '存在问题',
        '下月工作计划',
      ]),
    );
    await page.getByRole('cell', { name: '已提交', exact: true }).waitFor();
    await check('journey-operator-brief-passed-1280');

    // 解放路街道办事处 returns it with a reason, and gives its score to the evaluation.
    await signInAs(/^历下区解放路街道办事处/, '/console/reports/review');
    await page.getByRole('link', { name: BRIEF }).click();
    await page.getByRole('button', { name: '退回', exact: true }).click();
    const back = page.getByRole('dialog', { name: '退回报告' });
    await back.getByLabel(/退回理由/).fill(RETURN_REASON);
    await back.getByRole('button', { name: '确认退回' }).click();
    await page.getByRole('cell', { name: '已退回', exact: true }).waitFor();
    await page.goto(evaluationUrl);
    await page.getByLabel('百分制得分').fill('78.11');
    await page.getByRole('button', { name: '保存评分' }).click();
    await page.getByText('评分已保存').waitFor();
    await check('journey-street-scored-1280');

    // The operator reads the reason and uploads again.
    await signInAs(/^承接方 A/, '/console/reports');
    const row = page.getByRole('row', { name: new RegExp(BRIEF) });
    await row.getByText(`退回理由：${RETURN_REASON}`).waitFor();
    await row.getByRole('button', { name: '重新上传' }).click();
    await upload(
      await pdf('十一月简报（修订）.pdf', [
        '2026年11月工作简报（修订）',
        '本月服务开展情况',
        '服务成效',
        '存在问题',
        '下月工作计划',
      ]),
    );
    await row.getByText('已提交').waitFor();

    // 第三方评估机构 A scores every indicator and sees the total and grade the API computed; uploads its report.
    await signInAs(/^第三方评估机构 A/, '/console/evaluations');
    await page.getByRole('link', { name: '历下区 解放路街道' }).click();
    const template = (await api('GET', '/evaluation-templates', { as: 'tp.a' })).body.current;
    for (const part of template.parts) {
      for (const indicator of part.indicators) {
        const points =
          THIRD_PARTY_INDICATORS[`${part.key}.${indicator.key}` as keyof typeof THIRD_PARTY_INDICATORS];
        await page.getByLabel(new RegExp(`^${indicator.name}（满分 `)).fill(String(points));
      }
    }
    await page.getByRole('button', { name: '保存评分' }).click();
    const result = page.getByRole('region', { name: '综合得分与等级' });
    await result.waitFor();
    const id = evaluationUrl.split('/').pop() as string;
    const scored = (await api('GET', `/evaluations/${id}`, { as: 'tp.a' })).body;
    expect(await result.textContent()).toBe(`综合得分：${scored.result.total} 分 良好`);
    expect(scored.result).toMatchObject({ total: '86.3120', grade: 'good' });
    await page.getByRole('button', { name: '上传评估报告' }).click();
    await upload(
      await pdf('评估报告.pdf', [
        '2026 年度评估报告',
        '评估概况',
        '评估方法',
        '评估结果',
        '存在问题',
        '改进建议',
      ]),
    );
    await check('journey-evaluator-scored-1280');

    // 历下区民政局 confirms the report and publishes the result.
    await signInAs(/^历下区民政局/, new URL(evaluationUrl).pathname);
    await page.getByRole('button', { name: '确认评估报告' }).click();
    await page.getByRole('button', { name: '发布公示' }).click();
    await page.getByText('评估结果已公示').waitFor();
    const notice = (await api('GET', '/public/publicity?status=open')).body.items[0];
    expect(notice.evaluationId).toBe(id);
    await check('journey-district-published-1280');

    // A member of the public reads the notice on a phone and objects.
    const phone = await browser.page(PHONE);
    await phone.goto(`${runtime.apiUrl}/gs/publicity`);
    await phone.getByRole('heading', { name: notice.stationName }).waitFor();
    expect(await phone.getByText(notice.total).isVisible()).toBe(true);
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await phone.getByRole('button', { name: '对此结果提出异议' }).click();
    await phone.getByLabel('异议内容').fill(OBJECTION);
    await phone.getByRole('button', { name: '提交异议' }).click();
    await phone.getByText('异议已受理').waitFor();
    await check('journey-public-objection-375', phone);
    await phone.close();

    // The district decides the objection with its reasons.
    await page.goto(`${runtime.apiUrl}/console/objections`);
    await page.getByRole('button', { name: '处理', exact: true }).click();
    const decision = page.getByRole('dialog', { name: /^处理异议/ });
    await decision.getByLabel('异议不成立').check();
    await decision.getByLabel('处理意见（报市民政局）').fill(OPINION);
    await decision.getByRole('button', { name: '提交处理意见' }).click();
    await decision.waitFor({ state: 'detached' });
    await page
      .getByRole('row')
      .filter({ hasText: OBJECTION })
      .getByText('异议不成立', { exact: true })
      .waitFor();
    const objections = (await api('GET', '/objections', { as: 'lixia.mz' })).body.items;
    expect(objections).toMatchObject([{ status: 'rejected', decision: { opinion: OPINION } }]);
    const brief = (await api('GET', '/reports?awaiting=review', { as: 'jiefanglu.jd' })).body.items;
    expect(brief.map((s: { title: string }) => s.title)).toContain(BRIEF);
    await check('journey-district-decided-1280');
  }, 600_000);
});
