import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { type Browser, DESKTOP, launchBrowser, screenshot, seriousViolations } from '#test/helpers/browser';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * 承接方 A opens December's monthly brief, asks for 生成简报草稿 in the upload dialog, gets the .docx the API
 * composed from the month's service records (the template's headings, the hours computed from the minutes) and
 * uploads that very file, which passes validation (issue 19 item 3). Clock pinned to 2026-12-07 10:00 Shanghai.
 */
describe('an operator drafts a monthly brief from its service records in the console', () => {
  let runtime: Runtime;
  let browser: Browser;
  let slotId: string;

  beforeAll(async () => {
    setClock(() => new Date('2026-12-07T02:00:00Z'));
    runtime = await startTestRuntime();
    browser = await launchBrowser();
    const api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-DRAFT-2026') },
    });
    await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    slotId = `${contract.body.id}-M202612`;
    const worker = await api('POST', `/contracts/${contract.body.id}/workers`, {
      as: 'op.a',
      body: {
        name: '张社工',
        qualification: 'assistant',
        idNumber: TEST_ID_NUMBERS[0],
        startOn: '2026-01-01',
      },
    });
    const recipient = await api('POST', `/stations/${station.body.id}/recipients`, {
      as: 'op.a',
      body: {
        name: '王小芳',
        category: 'left_behind_elderly',
        birthDate: '1950-05-01',
        consent: { givenOn: '2026-12-01', scope: '建档与服务', givenBy: 'self', sensitiveDataConsent: true },
      },
    });
    const visit = await api('POST', `/stations/${station.body.id}/service-records`, {
      as: 'op.a',
      body: {
        kind: 'visit-home',
        date: '2026-12-03',
        title: '独居老人探访',
        workerIds: [worker.body.id],
        recipientIds: [recipient.body.id],
        minutes: 90,
      },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await browser?.close();
    await runtime?.dispose();
  });

  it('downloads the draft as .docx and uploads it as it is', async () => {
    const page = await browser.page(DESKTOP);
    await page.goto(`${runtime.apiUrl}/console/reports/${slotId}`);
    await page.getByRole('button', { name: /^承接方 A/ }).click();
    await page.getByRole('heading', { name: '2026年12月 月度工作简报' }).waitFor();
    await page.getByRole('button', { name: '上传报告' }).click();
    const dialog = page.getByRole('dialog');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: '生成简报草稿' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe(
      '历下区解放路街道社会工作服务站2026年12月月度工作简报（草稿）.docx',
    );
    await dialog
      .getByText(
        '依据服务记录 1 条，服务时长合计 1.5 小时，服务对象 1 人，新接案 0 个、结案 0 个，志愿服务 0.0 小时。',
      )
      .waitFor();
    const path = await file.path();
    const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(path) });
    expect(text).toContain('本月服务开展情况');
    expect(text).toContain('张社工：服务 1 次，1.5 小时');
    expect(text).not.toContain('王小芳');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-operator-brief-draft-1280');

    await dialog.locator('input[type=file]').setInputFiles({
      name: file.suggestedFilename(),
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: readFileSync(path),
    });
    await dialog.getByText('校验通过，报告已提交').waitFor({ timeout: 30_000 });
    await page.close();
  }, 90_000);
});
