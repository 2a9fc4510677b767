import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  chooseOption,
  launchBrowser,
  PHONE,
  screenshot,
  seriousViolations,
} from '#test/helpers/browser';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Issue 19: a station's social worker enters the evening's home visit on a phone, in the contract's 服务记录 tab:
 * the worker from the roster, the person from the register (masked), the minutes as spent. The month's service
 * hours, records and people served are the API's; a record voided with a reason stays listed and leaves the hours.
 */
describe('a station’s service work in the console', () => {
  let runtime: Runtime;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  let page: Page;
  let contractId: string;
  let stationId: string;
  let month: string;

  const choose = (scope: Locator, label: string, option: string | RegExp) =>
    chooseOption(page, scope, label, option);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    stationId = station.body.id;
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId, ...contractTerms('LX-SERVICE-2026') },
    });
    contractId = contract.body.id;
    const activated = await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const worker = await api('POST', `/contracts/${contractId}/workers`, {
      as: 'op.a',
      body: {
        name: '张敏',
        qualification: 'intermediate',
        idNumber: TEST_ID_NUMBERS[1],
        startOn: '2026-01-01',
      },
    });
    expect(worker.status, JSON.stringify(worker.body)).toBe(201);
    const recipient = await api('POST', `/stations/${stationId}/recipients`, {
      as: 'op.a',
      body: {
        name: '王秀兰',
        category: 'elderly_living_alone',
        birthDate: '1948-03-02',
        consent: {
          givenOn: '2026-01-05',
          scope: '建档、服务记录',
          givenBy: 'self',
          sensitiveDataConsent: true,
        },
      },
    });
    expect(recipient.status, JSON.stringify(recipient.body)).toBe(201);
    page = await browser.page(PHONE);
    await page.goto(`${runtime.apiUrl}/console/contracts/${contractId}?tab=service`);
    await page.getByRole('button', { name: /^承接方 A/ }).click();
    await page.getByRole('tab', { name: '服务记录', selected: true }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('enters the evening’s home visit on a phone; the month’s hours and people served are the API’s', async () => {
    await page.getByRole('button', { name: '记一条服务' }).click();
    const form = page.getByRole('dialog', { name: '记一条服务' });
    await form.getByLabel('主题').fill('探访独居老人，了解用药情况');
    await form.getByLabel('时长（分钟）').fill('90');
    await choose(form, '服务社工', '张敏');
    await choose(form, '服务对象', '王*兰');
    await form.getByLabel('服务内容摘要').click();
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });

    const list = page.getByRole('region', { name: '服务记录' }).getByRole('table');
    const row = list.getByRole('row', { name: /探访独居老人/ });
    await row.getByText('1 小时 30 分钟').waitFor();
    expect(await row.getByText('家访').isVisible()).toBe(true);
    expect(await row.getByText('张敏').isVisible()).toBe(true);

    const records = (
      await api('GET', `/stations/${stationId}/service-records?month=${thisMonth()}`, { as: 'op.a' })
    ).body.items;
    expect(records).toHaveLength(1);
    month = records[0].date.slice(0, 7);
    const hours = (await api('GET', `/stations/${stationId}/service-hours?month=${month}`, { as: 'op.a' }))
      .body;
    expect(hours).toMatchObject({ minutes: 90, hours: '1.5', records: 1, distinctRecipients: 1 });
    const stats = page.getByRole('region', { name: '本月服务统计' });
    await stats.getByRole('group', { name: '服务时数' }).getByText(hours.hours, { exact: true }).waitFor();
    expect(await stats.getByRole('row', { name: /张敏/ }).getByText('1.5 小时').isVisible()).toBe(true);
    expect(await page.getByText('王秀兰').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'service-work-phone-375');
  }, 120_000);

  it('voids a record with a reason: it stays listed as 已作废 and no longer counts', async () => {
    await page.getByRole('button', { name: /^作废：探访独居老人/ }).click();
    const ask = page.getByRole('dialog', { name: /^作废服务记录/ });
    await ask.getByRole('button', { name: '作废' }).click();
    await ask.getByText('请填写作废理由').waitFor();
    await ask.getByLabel('作废理由').fill('重复录入');
    await ask.getByRole('button', { name: '作废' }).click();
    await ask.waitFor({ state: 'hidden' });
    const row = page.getByRole('region', { name: '服务记录' }).getByRole('row', { name: /探访独居老人/ });
    await row.getByText('已作废').waitFor();
    const hours = (await api('GET', `/stations/${stationId}/service-hours?month=${month}`, { as: 'op.a' }))
      .body;
    expect(hours).toMatchObject({ minutes: 0, records: 0 });
    await page
      .getByRole('region', { name: '本月服务统计' })
      .getByRole('group', { name: '服务时数' })
      .getByText(hours.hours, { exact: true })
      .waitFor();
    const trail = await api(
      'GET',
      `/audit?entityType=service-record&entityId=${(await api('GET', `/stations/${stationId}/service-records?month=${month}`, { as: 'op.a' })).body.items[0].id}`,
      { as: 'lixia.mz' },
    );
    expect(trail.body.items.map((r: { reason?: string }) => r.reason)).toContain('重复录入');
  }, 120_000);

  it('keeps the register masked, reveals one person only with a reason, and takes a child’s file only with a guardian’s consent', async () => {
    await page.getByRole('tab', { name: '服务对象' }).click();
    const list = page.getByRole('region', { name: '服务对象档案' });
    const row = list.getByRole('row', { name: /王\*兰/ });
    await row.getByText('独居老人').waitFor();
    expect(await page.getByText('王秀兰').count()).toBe(0);

    await row.getByRole('button', { name: '查看个人信息：王*兰' }).click();
    const ask = page.getByRole('dialog', { name: /^查看王\*兰的完整个人信息/ });
    await ask.getByRole('button', { name: '确认查看' }).click();
    await ask.getByText('请填写查看理由').waitFor();
    await ask.getByLabel('查看理由').fill('入户走访前核对住址');
    await ask.getByRole('button', { name: '确认查看' }).click();
    const shown = page.getByRole('dialog', { name: '王秀兰的个人信息' });
    await shown.waitFor();
    await shown.getByRole('button', { name: '隐藏个人信息' }).click();
    await shown.waitFor({ state: 'hidden' });
    expect(await page.getByText('王秀兰').count()).toBe(0);
    const id = (await api('GET', `/stations/${stationId}/recipients`, { as: 'op.a' })).body.items[0].id;
    const trail = await api('GET', `/audit?entityType=recipient&entityId=${id}`, { as: 'lixia.mz' });
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({ action: 'recipient.reveal-personal-data', reason: '入户走访前核对住址' }),
    );

    await page.getByRole('button', { name: '新建档案' }).click();
    const form = page.getByRole('dialog', { name: '新建服务对象档案' });
    await form.getByLabel('姓名').fill('刘小雨');
    await choose(form, '服务对象类别', '困境儿童');
    for (const [label, date] of [
      ['出生日期', '2019-06-01'],
      ['同意日期', '2026-03-01'],
    ] as const) {
      const input = form.getByLabel(label, { exact: true });
      await input.click();
      await input.fill(date);
      await input.press('Enter');
    }
    await form.getByRole('checkbox', { name: /单独同意/ }).check();
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByRole('alert').getByText('须取得监护人的同意').waitFor();
    await screenshot(page, 'recipient-form-refused-phone-375');
    await form.getByRole('radio', { name: /^监护人/ }).check();
    await form.getByLabel('监护人姓名').fill('刘强');
    await form.getByLabel('与服务对象关系').fill('父亲');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });
    await list
      .getByRole('row', { name: /刘\*雨/ })
      .getByText('监护人')
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'recipients-phone-375');
  }, 120_000);

  it('takes a case from intake through assessment and plan, an intervention entered as a service record, to its closing', async () => {
    await page.getByRole('tab', { name: '服务记录' }).click();
    const cases = page.getByRole('region', { name: '个案' });
    await cases.getByRole('button', { name: '开案' }).click();
    const open = page.getByRole('dialog', { name: '开案' });
    await choose(open, '服务对象', '王*兰');
    await choose(open, '个案社工', '张敏');
    await open.getByLabel('求助问题').fill('独居，近期跌倒后不敢出门');
    await open.getByRole('button', { name: '保存' }).click();
    await open.waitFor({ state: 'hidden' });
    const row = cases.getByRole('row', { name: /不敢出门/ });
    await row.getByText('接案').waitFor();

    for (const [step, text, stage] of [
      ['预估', '跌倒恐惧，社会支持薄弱', '已预估'],
      ['制定计划', '恢复每周外出\n链接邻里互助', '已制定计划'],
    ] as const) {
      await row.getByRole('button', { name: `${step}：王*兰` }).click();
      const dialog = page.getByRole('dialog', { name: `个案${step}` });
      await dialog.getByRole('textbox', { name: /预估结论|服务目标/ }).fill(text);
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText(stage).waitFor();
    }

    await page.getByRole('button', { name: '记一条服务' }).click();
    const form = page.getByRole('dialog', { name: '记一条服务' });
    await choose(form, '服务类型', '个案服务');
    await choose(form, '所属个案', /王\*兰：独居/);
    await form.getByLabel('主题').fill('陪同下楼散步');
    await form.getByLabel('时长（分钟）').fill('60');
    await choose(form, '服务社工', '张敏');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });
    await row.getByText('服务介入中').waitFor();
    expect(await row.getByText('1 次').isVisible()).toBe(true);

    await row.getByRole('button', { name: '结案：王*兰' }).click();
    const close = page.getByRole('dialog', { name: '个案结案' });
    await choose(close, '目标达成情况', '达成');
    await close.getByLabel('结案小结').fill('已能每周独自外出两次');
    await close.getByRole('button', { name: '保存' }).click();
    await close.waitFor({ state: 'hidden' });
    await row.getByText('已结案（达成）').waitFor();
    const stored = (await api('GET', `/stations/${stationId}/cases`, { as: 'op.a' })).body.items[0];
    expect(stored).toMatchObject({ stage: 'closed', closing: { outcome: 'achieved' } });
    expect(stored.interventionIds).toHaveLength(1);
    expect(stored.plan.goals).toEqual(['恢复每周外出', '链接邻里互助']);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'cases-phone-375');
  }, 120_000);

  it('registers a volunteer with the phone masked and records the hours given, counted apart as the API counts them', async () => {
    const panel = page.getByRole('region', { name: '志愿者', exact: true });
    await panel.getByRole('button', { name: '登记志愿者' }).click();
    const form = page.getByRole('dialog', { name: '登记志愿者' });
    await form.getByLabel('姓名').fill('李明');
    await form.getByLabel('手机号码').fill('13912345678');
    await form.getByLabel('特长').fill('陪伴老人、手工');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });
    const row = panel.getByRole('region', { name: '志愿者名册' }).getByRole('row', { name: /李明/ });
    await row.getByText('139****5678').waitFor();
    expect(await page.getByText('13912345678').count()).toBe(0);

    await panel.getByRole('button', { name: '记志愿服务时长' }).click();
    const hours = page.getByRole('dialog', { name: '记志愿服务时长' });
    await choose(hours, '志愿者', '李明');
    await hours.getByLabel('时长（分钟）').fill('120');
    await hours.getByLabel('服务内容').fill('陪同独居老人就医');
    await hours.getByRole('button', { name: '保存' }).click();
    await hours.waitFor({ state: 'hidden' });
    await panel
      .getByRole('row', { name: /陪同独居老人就医/ })
      .getByText('120 分钟')
      .waitFor();
    const counted = (await api('GET', `/stations/${stationId}/service-hours?month=${month}`, { as: 'op.a' }))
      .body;
    expect(counted.volunteers).toMatchObject({ minutes: 120, hours: '2.0' });
    await page
      .getByRole('region', { name: '本月服务统计' })
      .getByRole('group', { name: '志愿服务' })
      .getByText(counted.volunteers.hours, { exact: true })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);
});

/** This month in Shanghai, as the page opens on it. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);
}
