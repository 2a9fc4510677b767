import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  chooseOption,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
  seriousViolations,
} from '#test/helpers/browser';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';
import { formatPercent, formatYuan } from '../../web/src/components/format';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

const NUMBER = 'LX-OPERATOR-2026';

/**
 * 承接方 A works on its contract in the console: the service year's key domains (R4.1), the needs survey and the
 * task book with both parties' confirmations (R9.2) and the task progress, the roster with masked personal data
 * (R9.1), the ledger with an uploaded voucher (R27.1), supervision and a coordination meeting. 承接方 B editing
 * the URL gets the API's refusal; 历下区民政局 reads the same page without the operator's buttons.
 */
describe('the operator’s contract in the console', () => {
  let runtime: Runtime;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  let files: string;
  let contractId: string;
  let page: Page;

  /** Signs out whoever is signed in, opens the path and picks the demo user at the provider's page. */
  async function signInAs(user: RegExp, path: string) {
    const signOut = page.getByRole('button', { name: '退出登录' });
    if (await signOut.isVisible()) {
      await signOut.click();
      await page.waitForURL(/\/gs/);
    }
    await page.goto(`${runtime.apiUrl}${path}`);
    await page.getByRole('button', { name: user }).click();
  }

  /** Types a date into a date picker labelled so, as a user would. */
  async function pickDate(scope: Page | ReturnType<Page['getByRole']>, label: string, date: string) {
    const input = scope.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(date);
    await input.press('Enter');
  }

  /** Picks an option of a select labelled so, until the form shows it chosen. */
  const choose = (scope: ReturnType<Page['getByRole']>, label: string, option: string) =>
    chooseOption(page, scope, label, option);

  const path = () => `/contracts/${contractId}`;

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'sgz-operator-'));
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms(NUMBER) },
    });
    contractId = contract.body.id;
    const activated = await api('POST', `${path()}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    page = await browser.page(DESKTOP);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  it('lists its contract with what awaits it, sets the key domains and drafts and confirms the needs survey', async () => {
    await signInAs(/^承接方 A/, '/console');
    const dashboard = page.getByRole('region', { name: '我的合同 · 待办' });
    const row = dashboard.getByRole('row', { name: new RegExp(NUMBER) });
    for (const todo of ['确定重点服务领域', '起草需求调研', '起草任务书']) {
      await row.getByText(todo).waitFor();
    }
    const menu = page.getByRole('navigation', { name: '控制台菜单' });
    expect(await menu.getByRole('menuitem', { name: '我的合同' }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-dashboard-1280');

    await row.getByRole('link', { name: NUMBER }).click();
    await page.getByRole('heading', { name: `服务合同 ${NUMBER}` }).waitFor();
    expect(await page.getByText('¥600,000.00').isVisible()).toBe(true);

    // R4.1: one domain is too few, and the API says so; two are saved.
    const domains = page.getByRole('region', { name: '重点服务领域' });
    await page.getByRole('button', { name: '确定重点领域' }).click();
    await page.getByRole('checkbox', { name: '养老服务' }).check();
    await page.getByRole('button', { name: '保存重点领域' }).click();
    await page.getByRole('alert').getByText('每个服务年度应确定 2–3 个重点服务领域').waitFor();
    await page.getByRole('checkbox', { name: '儿童福利' }).check();
    await page.getByRole('button', { name: '保存重点领域' }).click();
    await page.getByRole('button', { name: '修改重点领域' }).waitFor();
    expect(await domains.getByText('养老服务').isVisible()).toBe(true);
    expect(await domains.getByText('儿童福利').isVisible()).toBe(true);
    const saved = await api('GET', path(), { as: 'op.a' });
    expect(saved.body.keyDomains).toEqual({ 1: ['elderly_services', 'child_welfare'] });

    // R9.2: drafted, then confirmed by the operator; the street office is still awaited.
    await page.getByRole('button', { name: '起草需求调研' }).click();
    const draft = page.getByRole('dialog', { name: '起草需求调研' });
    await pickDate(draft, '调研日期', '2026-02-01');
    await draft.getByLabel('调研方式').fill('入户走访与座谈');
    await draft.getByLabel('调研发现').fill('辖区独居老人 126 人，困境儿童 18 人。');
    await draft.getByRole('button', { name: '保存' }).click();
    await draft.waitFor({ state: 'hidden' });
    const survey = page.getByRole('region', { name: '需求调研' });
    await survey.getByText('辖区独居老人 126 人，困境儿童 18 人。').waitFor();
    expect(await survey.getByText('2026年2月1日').isVisible()).toBe(true);
    await survey.getByRole('button', { name: '确认需求调研（第 1 版）' }).click();
    await survey.getByText('op.a，').waitFor();
    expect(await survey.getByRole('row', { name: /街道办事处确认/ }).textContent()).toContain('待确认');
    expect(await survey.getByRole('button', { name: /确认需求调研/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-needs-survey-1280');

    // The street office confirms (its own console is another area's): in force. A revision needs both again.
    const doc = await api('GET', `${path()}/service-years/1/needs-survey`, { as: 'op.a' });
    const street = await api('POST', `${path()}/service-years/1/needs-survey/confirmations`, {
      as: 'jiefanglu.jd',
      body: { version: doc.body.version },
    });
    expect(street.status, JSON.stringify(street.body)).toBe(200);
    await page.reload();
    await survey.getByText('双方已确认，已生效').waitFor();
    await survey.getByRole('button', { name: '修订需求调研' }).click();
    const revise = page.getByRole('dialog', { name: '修订需求调研' });
    await revise.getByLabel('调研发现').fill('辖区独居老人 131 人，困境儿童 18 人。');
    await revise.getByLabel('修订理由（记入审计）').fill('补充新增独居老人');
    await revise.getByRole('button', { name: '保存' }).click();
    await survey.getByText('辖区独居老人 131 人，困境儿童 18 人。').waitFor();
    expect(await survey.getByText(/现行有效的是第 1 版/).isVisible()).toBe(true);
    expect(await survey.getByText('待确认', { exact: true }).count()).toBe(2);
    expect(await survey.getByRole('button', { name: '确认需求调研（第 2 版）' }).isVisible()).toBe(true);
  }, 120_000);

  it('drafts the task book, confirms it and records progress; the completion rate is the API’s', async () => {
    await page.getByRole('button', { name: '起草任务书' }).click();
    const draft = page.getByRole('dialog', { name: '起草项目任务书' });
    await choose(draft, '类别', '儿童福利');
    await draft.getByLabel('事项').fill('困境儿童个案服务');
    await draft.getByLabel('目标数量').fill('20');
    await draft.getByLabel('单位').fill('个案');
    await draft.getByRole('button', { name: '保存' }).click();
    await draft.waitFor({ state: 'hidden' });
    const book = page.getByRole('region', { name: '项目任务书' });
    await book.getByRole('cell', { name: '困境儿童个案服务' }).waitFor();
    expect(await book.getByRole('cell', { name: '20 个案' }).isVisible()).toBe(true);
    await book.getByRole('button', { name: '确认任务书（第 1 版）' }).click();
    await book.getByText('op.a，').waitFor();

    const doc = await api('GET', `${path()}/service-years/1/task-book`, { as: 'op.a' });
    const street = await api('POST', `${path()}/service-years/1/task-book/confirmations`, {
      as: 'jiefanglu.jd',
      body: { version: doc.body.version },
    });
    expect(street.status, JSON.stringify(street.body)).toBe(200);
    await page.reload();
    await book.getByText('双方已确认，已生效').waitFor();
    await book.getByRole('button', { name: '记录进度：困境儿童个案服务' }).click();
    const progress = page.getByRole('dialog', { name: '记录进度：困境儿童个案服务' });
    await progress.getByLabel('实际完成（个案）').fill('7');
    await progress.getByRole('button', { name: '保存' }).click();
    await progress.waitFor({ state: 'hidden' });
    await book.getByRole('cell', { name: /^7 个案/ }).waitFor();
    const rate = (await api('GET', `${path()}/service-years/1/task-book`, { as: 'op.a' })).body
      .completionRateBasisPoints;
    expect(rate).toBe(3500);
    expect(await book.getByText(formatPercent(rate), { exact: true }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-plan-1280');
  }, 120_000);

  it('adds a worker shown masked, and reveals the full ID only in a dialog after confirming', async () => {
    await page.getByRole('tab', { name: '花名册' }).click();
    await page.getByRole('button', { name: '新增社工' }).click();
    const form = page.getByRole('dialog', { name: '新增社工' });
    await form.getByLabel('姓名').fill('张敏');
    await choose(form, '职业资格', '社会工作师');
    await form.getByLabel('身份证号').fill(TEST_ID_NUMBERS[1]);
    await form.getByLabel('手机号码').fill('13812345678');
    await pickDate(form, '到岗日期', '2026-01-01');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });
    const roster = page.getByRole('region', { name: '花名册列表' });
    const row = roster.getByRole('row', { name: /张敏/ });
    await row.getByText('370102********1231').waitFor();
    expect(await row.getByText('138****5678').isVisible()).toBe(true);
    expect(await page.getByText(TEST_ID_NUMBERS[1]).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-roster-1280');

    await row.getByRole('button', { name: '查看完整信息：张敏' }).click();
    const ask = page.getByRole('dialog').filter({ hasText: '查看张敏的完整身份证号和电话？' });
    await ask.getByText(/记入审计/).waitFor();
    await ask.getByRole('button', { name: '确认查看' }).click();
    const shown = page.getByRole('dialog', { name: '张敏的个人信息' });
    await shown.getByText(TEST_ID_NUMBERS[1]).waitFor();
    expect(await shown.getByText('13812345678').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-reveal-1280');
    await shown.getByRole('button', { name: '隐藏个人信息' }).click();
    await shown.waitFor({ state: 'hidden' });
    expect(await page.getByText(TEST_ID_NUMBERS[1]).count()).toBe(0);
  }, 120_000);

  it('uploads a voucher with progress and records an expenditure shown in yuan as the API returns it', async () => {
    const voucher = join(files, '3月劳务费发放凭证.pdf');
    writeFileSync(voucher, await makePdf(['劳务费发放表', '2026年3月']));
    await page.getByRole('tab', { name: '专账' }).click();
    await page.getByRole('button', { name: '记一笔支出' }).click();
    const form = page.getByRole('dialog', { name: '记一笔支出' });
    expect(await form.getByRole('button', { name: '记账' }).isDisabled()).toBe(true);
    await form.locator('input[type=file]').setInputFiles(voucher);
    await form.getByText('凭证已上传：3月劳务费发放凭证.pdf').waitFor();
    expect(await form.getByRole('progressbar', { name: '凭证上传进度' }).getAttribute('aria-valuenow')).toBe(
      '100',
    );
    await pickDate(form, '支出日期', '2026-03-31');
    await choose(form, '经费类别', '人员劳务费');
    await form.getByLabel('金额（元）').fill('12345.6');
    await form.getByLabel('说明').fill('3月社工劳务费');
    await form.getByRole('button', { name: '记账' }).click();
    await form.waitFor({ state: 'hidden' });

    const ledger = (await api('GET', `${path()}/ledger`, { as: 'op.a' })).body;
    expect(ledger.entries[0].amountFen).toBe(1_234_560);
    const entries = page.getByRole('region', { name: '支出明细' });
    const row = entries.getByRole('row', { name: /3月社工劳务费/ });
    await row.getByText(formatYuan(ledger.entries[0].amountFen)).waitFor();
    expect(await row.getByText('2026年3月31日').isVisible()).toBe(true);
    const labour = page
      .getByRole('region', { name: '三类经费对照合同构成' })
      .getByRole('row', { name: /人员劳务费/ });
    const figures = ledger.categories[0];
    for (const fen of [figures.budgetFen, figures.spentFen, figures.remainingFen]) {
      expect(await labour.getByText(formatYuan(fen)).isVisible()).toBe(true);
    }
    expect(await page.getByText('¥12,345.60').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-ledger-1280');

    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: '下载凭证：3月社工劳务费' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  }, 120_000);

  it('records a supervision session and a coordination meeting', async () => {
    await page.getByRole('tab', { name: '督导与会议' }).click();
    await page.getByRole('button', { name: '添加督导记录' }).click();
    const form = page.getByRole('dialog', { name: '添加督导记录' });
    await pickDate(form, '督导日期', '2026-03-15');
    await form.getByLabel('督导者姓名').fill('王督导');
    await form.getByLabel('督导者资质').fill('高级社会工作师');
    await choose(form, '受督导社工', '张敏');
    // A click elsewhere closes the multiple select's list.
    await form.getByLabel('督导者资质').click();
    await form.getByLabel('时长（分钟）').fill('90');
    await form.getByLabel('督导主题（每行一个）').fill('个案会谈技巧\n困境儿童风险评估');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });
    const sessions = page.getByRole('region', { name: '督导记录列表' });
    const session = sessions.getByRole('row', { name: /王督导/ });
    await session.getByText('个案会谈技巧；困境儿童风险评估').waitFor();
    expect(await session.getByRole('cell', { name: '张敏' }).isVisible()).toBe(true);
    expect(await session.getByText('90 分钟').isVisible()).toBe(true);

    await page.getByRole('button', { name: '添加会议记录' }).click();
    const meeting = page.getByRole('dialog', { name: '添加协调会议记录' });
    await pickDate(meeting, '会议日期', '2026-03-20');
    await meeting.getByRole('checkbox', { name: '街道办事处' }).check();
    await meeting.getByRole('checkbox', { name: '社工站' }).check();
    await meeting.getByLabel('议题（每行一个）').fill('活动场地不足');
    await meeting.getByRole('button', { name: '添加跟进事项' }).click();
    await meeting.getByLabel('跟进事项').fill('协调社区活动室');
    await meeting.getByLabel('负责方').fill('解放路街道');
    await meeting.getByRole('button', { name: '保存' }).click();
    await meeting.waitFor({ state: 'hidden' });
    const meetings = page.getByRole('region', { name: '协调会议记录' });
    const held = meetings.getByRole('row', { name: /活动场地不足/ });
    await held.getByText('协调社区活动室（解放路街道）').waitFor();
    expect(await held.getByText('街道办事处、社工站').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-records-1280');

    await page.setViewportSize(PHONE);
    await page.getByRole('tab', { name: '年度计划' }).click();
    await page.getByRole('region', { name: '项目任务书' }).getByText('双方已确认，已生效').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-plan-375');
    await page.setViewportSize(DESKTOP);
  }, 120_000);

  it('shows 承接方 B the API’s refusal of another operator’s contract, in Chinese', async () => {
    await signInAs(/^承接方 B/, `/console${path()}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const refused = await api('GET', path(), { as: 'op.b' });
    expect(refused.status).toBe(403);
    expect(await alert.textContent()).toContain(refused.body.title);
    expect(await page.getByText(NUMBER).count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-refused-1280');
  }, 120_000);

  it('lets 历下区民政局 open the contract from its list and read it without the operator’s buttons', async () => {
    await signInAs(/^历下区民政局/, '/console/contracts');
    await page.getByRole('link', { name: NUMBER }).click();
    await page.getByRole('heading', { name: `服务合同 ${NUMBER}` }).waitFor();
    await page
      .getByRole('region', { name: '需求调研' })
      .getByText('辖区独居老人 131 人，困境儿童 18 人。')
      .waitFor();
    for (const button of ['修改重点领域', '修订需求调研', '修订任务书', /确认需求调研/]) {
      expect(await page.getByRole('button', { name: button }).count()).toBe(0);
    }
    await page.getByRole('tab', { name: '花名册' }).click();
    await page.getByText('370102********1231').waitFor();
    expect(await page.getByRole('button', { name: '新增社工' }).count()).toBe(0);
    await page.getByRole('tab', { name: '专账' }).click();
    await page.getByRole('region', { name: '支出明细' }).getByText('¥12,345.60').waitFor();
    expect(await page.getByRole('button', { name: '记一笔支出' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-district-ledger-1280');
  }, 120_000);
});
