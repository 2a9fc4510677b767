import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const HEADINGS = ['本月服务开展情况', '服务成效', '存在问题', '下月工作计划'];

/**
 * The monthly brief's draft over HTTP (issue 19 item 3): the operator running a 历下区 station records December's
 * services (two workers' visit, a group session, two community activities, a case from intake to closing with a
 * voided intervention, volunteer hours), then downloads the December brief's draft as DOCX and PDF: the template's
 * headings in order, the figures computed from the records, no recipient named; both files uploaded as they are
 * through the real upload path pass validation. The district reads it too; the street office, another operator and
 * another district may not; a mid-term slot has no draft (404) and a month after the contract was terminated has no
 * contract in force (409). Clock pinned to Monday 2026-12-07 10:00 Shanghai.
 */
describe('monthly brief draft over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;
  let contractId: string;
  let endedContractId: string;
  const slot = (suffix: string) => `${contractId}-${suffix}`;
  const consent = { givenOn: '2026-12-01', scope: '建档与服务', givenBy: 'self', sensitiveDataConsent: true };
  const person = (name: string) => ({
    name,
    category: 'left_behind_elderly',
    birthDate: '1950-05-01',
    consent,
  });
  const post = async (body: object) => {
    const res = await api('POST', `/stations/${stationId}/service-records`, { as: 'op.a', body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  const draft = (as: string, id: string, format = 'docx') =>
    api('GET', `/reports/${id}/draft?format=${format}`, { as });

  async function upload(slotId: string, bytes: Uint8Array, contentType: string) {
    const ticket = await api('POST', `/reports/${slotId}/upload-url`, {
      as: 'op.a',
      body: {
        contentType,
        bytes: bytes.byteLength,
        fileName: contentType === PDF ? '简报.pdf' : '简报.docx',
      },
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const put = await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: bytes,
    });
    expect(put.status).toBe(200);
    await runtime.s3.drain();
    const detail = (await api('GET', `/reports/${slotId}`, { as: 'lixia.mz' })).body;
    return detail.submissions.find((s: { uploadId: string }) => s.uploadId === ticket.body.uploadId);
  }

  beforeAll(async () => {
    setClock(() => new Date('2026-12-07T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = async (as: string, districtCode: string, streetCode: string, number: string) => {
      const id = (
        await api('POST', '/stations', { as, body: { districtCode, streetCode, address: '测试站' } })
      ).body.id as string;
      const contract = await api('POST', '/contracts', {
        as,
        body: { stationId: id, ...contractTerms(number) },
      });
      await api('POST', `/contracts/${contract.body.id}/status`, { as, body: { version: 1, to: 'active' } });
      return { id, contractId: contract.body.id as string };
    };
    ({ id: stationId, contractId } = await station('lixia.mz', '370102', '370102001', 'BRIEF-1'));
    // A second station of the same operator whose contract is terminated today: January 2027 has no contract.
    endedContractId = (await station('lixia.mz', '370102', '370102002', 'BRIEF-2')).contractId;
    const ended = await api('POST', `/contracts/${endedContractId}/status`, {
      as: 'lixia.mz',
      body: { version: 2, to: 'terminated' },
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);

    const worker = async (name: string, idNumber: string) =>
      (
        await api('POST', `/contracts/${contractId}/workers`, {
          as: 'op.a',
          body: { name, qualification: 'assistant', idNumber, startOn: '2026-01-01' },
        })
      ).body.id as string;
    const w1 = await worker('张社工', TEST_ID_NUMBERS[0]);
    const w2 = await worker('李社工', TEST_ID_NUMBERS[1]);
    const register = async (name: string) =>
      (await api('POST', `/stations/${stationId}/recipients`, { as: 'op.a', body: person(name) })).body
        .id as string;
    const r1 = await register('王小芳');
    const r2 = await register('赵大爷');

    await post({
      kind: 'visit-home',
      date: '2026-12-01',
      title: '独居老人探访',
      workerIds: [w1, w2],
      recipientIds: [r1],
      minutes: 90,
    });
    await post({
      kind: 'group-session',
      date: '2026-12-02',
      title: '手工小组第一节',
      workerIds: [w1],
      recipientIds: [r1, r2],
      minutes: 120,
    });
    await post({
      kind: 'community-activity',
      date: '2026-12-05',
      title: '社区义诊',
      workerIds: [w2],
      recipientIds: [r2],
      headcount: 40,
      minutes: 180,
    });
    await post({
      kind: 'community-activity',
      date: '2026-12-06',
      title: '重阳敬老茶话会',
      workerIds: [w1],
      recipientIds: [],
      headcount: 25,
      minutes: 100,
    });
    // A case through intake, assessment and plan, an intervention, a mistaken one voided, and closing.
    const opened = await api('POST', `/stations/${stationId}/cases`, {
      as: 'op.a',
      body: { recipientId: r1, workerId: w1, presentingProblem: '独居，情绪低落', openedOn: '2026-12-01' },
    });
    const caseId = opened.body.id as string;
    await api('POST', `/cases/${caseId}/assessment`, {
      as: 'op.a',
      body: { version: 1, on: '2026-12-02', findings: '社会支持薄弱' },
    });
    await api('POST', `/cases/${caseId}/plan`, {
      as: 'op.a',
      body: { version: 2, on: '2026-12-03', goals: ['每周探访'] },
    });
    const intervention = {
      kind: 'case-intervention',
      date: '2026-12-04',
      title: '个案面谈',
      workerIds: [w1],
      recipientIds: [r1],
      caseId,
      minutes: 50,
    };
    await post(intervention);
    const mistaken = await post({ ...intervention, title: '误录的面谈' });
    const voided = await api('DELETE', `/service-records/${mistaken.id}`, {
      as: 'op.a',
      body: { version: 1, reason: '误录' },
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    const closed = await api('POST', `/cases/${caseId}/closing`, {
      as: 'op.a',
      body: { version: 6, on: '2026-12-06', outcome: 'partly_achieved', summary: '王小芳情绪改善' },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const volunteer = await api('POST', `/stations/${stationId}/volunteers`, {
      as: 'op.a',
      body: { name: '孙志愿', phone: '13700001234', skills: ['理发'], registeredOn: '2026-11-01' },
    });
    for (const minutes of [100, 45]) {
      const res = await api('POST', `/stations/${stationId}/volunteer-hours`, {
        as: 'op.a',
        body: { volunteerId: volunteer.body.id, date: '2026-12-05', activity: '义诊协助', minutes },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('gives the operator a DOCX draft of December with the figures computed from the records', async () => {
    const res = await draft('op.a', slot('M202612'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      slotId: slot('M202612'),
      format: 'docx',
      contentType: DOCX,
      fileName: '历下区解放路街道社会工作服务站2026年12月月度工作简报（草稿）.docx',
    });
    // 90 + 120 + 180 + 100 + 50 = 540 minutes = 9.0 hours; the voided intervention does not count.
    expect(res.body.generatedFrom).toMatchObject({
      period: { start: '2026-12-01', end: '2026-12-31' },
      headings: HEADINGS,
      records: 5,
      voidRecords: 1,
      minutes: 540,
      hours: '9.0',
      byKind: {
        'visit-home': 1,
        'visit-phone': 0,
        'group-session': 1,
        'community-activity': 2,
        'case-intervention': 1,
      },
      distinctRecipients: 2,
      communityHeadcount: 65,
      cases: { opened: 1, closed: 1, openAtEnd: 0, outcomes: { partly_achieved: 1 } },
      volunteers: { volunteers: 1, entries: 2, minutes: 145, hours: '2.4' },
    });
    // 张社工 90 + 120 + 100 + 50 = 360 minutes; 李社工 90 + 180 = 270.
    expect(
      res.body.generatedFrom.workers.map((w: { name: string; hours: string; records: number }) => [
        w.name,
        w.records,
        w.hours,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['张社工', 4, '6.0'],
        ['李社工', 2, '4.5'],
      ]),
    );
    const { value: text } = await mammoth.extractRawText({
      buffer: Buffer.from(res.body.contentBase64, 'base64'),
    });
    const at = HEADINGS.map((h) => text.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('本月共开展服务 5 次，服务时长合计 9.0 小时（540 分钟），服务对象 2 人');
    expect(text).toContain('张社工：服务 4 次，6.0 小时');
    expect(text).toContain('个案：本月新接案 1 个，结案 1 个（部分达成 1 个），月末在案 0 个。');
    expect(text).toContain('12月5日社区活动「社区义诊」：参与 40 人，历时 3.0 小时');
    // Recipients are counted, never named (not even through the case's closing summary).
    expect(`${text}${JSON.stringify(res.body.generatedFrom)}`).not.toMatch(/王小芳|赵大爷|13700001234/);
  });

  it('passes the upload validation unchanged: the DOCX and the PDF uploaded as they are', async () => {
    const docx = await draft('op.a', slot('M202612'), 'docx');
    const docxSubmission = await upload(
      slot('M202612'),
      Buffer.from(docx.body.contentBase64, 'base64'),
      DOCX,
    );
    expect(docxSubmission, JSON.stringify(docxSubmission)).toMatchObject({
      outcome: 'passed',
      format: 'docx',
    });
    const pdf = await draft('op.a', slot('M202612'), 'pdf');
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(200);
    expect(pdf.body).toMatchObject({ format: 'pdf', contentType: PDF });
    const bytes = Buffer.from(pdf.body.contentBase64, 'base64');
    const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
    expect(text.replace(/\s+/g, '')).toContain('本站合计：9.0小时。');
    const pdfSubmission = await upload(slot('M202612'), new Uint8Array(bytes), PDF);
    expect(pdfSubmission, JSON.stringify(pdfSubmission)).toMatchObject({ outcome: 'passed', format: 'pdf' });
  });

  it('lets the district read the draft and refuses the street office, another operator and another district', async () => {
    const district = await draft('lixia.mz', slot('M202612'));
    expect(district.status).toBe(200);
    expect(district.body.generatedFrom.records).toBe(5);
    expect((await draft('jiefanglu.jd', slot('M202612'))).status).toBe(403);
    expect(await draft('op.b', slot('M202612'))).toMatchObject({ status: 403 });
    expect(await draft('shizhong.mz', slot('M202612'))).toMatchObject({ status: 403 });
  });

  it('has no draft for a mid-term report (404) nor for a month with no contract in force (409), in Chinese', async () => {
    expect(await draft('op.a', slot('MID'))).toMatchObject({
      status: 404,
      body: { code: 'NOT_A_MONTHLY_BRIEF', title: '该报告没有可生成的草稿' },
    });
    expect(await draft('op.a', `${endedContractId}-M202701`)).toMatchObject({
      status: 409,
      body: { code: 'NO_CONTRACT_IN_FORCE', title: '该月没有生效的服务合同' },
    });
    // A contract that does not exist: the id with its last character changed (never to the same one).
    const noSuchContract = `${contractId.slice(0, 25)}${contractId.endsWith('0') ? '1' : '0'}`;
    expect(await draft('op.a', `${noSuchContract}-M202612`)).toMatchObject({ status: 404 });
  });

  it('drafts a month with no records as such, still passing validation', async () => {
    const november = await draft('op.a', slot('M202611'), 'pdf');
    expect(november.status).toBe(200);
    expect(november.body.generatedFrom).toMatchObject({ records: 0, minutes: 0, hours: '0.0' });
    const submission = await upload(slot('M202611'), Buffer.from(november.body.contentBase64, 'base64'), PDF);
    expect(submission).toMatchObject({ outcome: 'passed' });
  });
});
