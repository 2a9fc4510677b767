import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHandler } from '#infra/local/api-gateway';
import { resetClock, setClock } from '#shared/clock';
import { triggers } from '#shared/manifest';
import { contractTerms } from '#test/helpers/contracts';
import { makeDocx, makeExecutable, makePdf, makeZipBomb } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BRIEF = [
  '本月服务开展情况',
  '个案 12 个，小组 3 个',
  '服务成效',
  '困境儿童照护改善',
  '存在问题',
  '志愿者不足',
  '下月工作计划',
  '开展暑期课堂',
];
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reports end to end on the local runtime (R9.3, R9.4, B2): slots created on activation, presigned upload to
 * s3rver, validation by the storage trigger, quarantine with reasons, versions, review, read receipts,
 * notifications and the outbox. The clock is pinned to 2026-11-25 10:00 (Asia/Shanghai).
 */
describe('reports over HTTP with real uploads', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let contractId: string;
  const slot = (suffix: string) => `${contractId}-${suffix}`;

  async function upload(
    as: string,
    slotId: string,
    bytes: Uint8Array,
    contentType = PDF,
    declared = bytes.byteLength,
  ) {
    const ticket = await api('POST', `/reports/${slotId}/upload-url`, {
      as,
      body: { contentType, bytes: declared, fileName: contentType === PDF ? '报告.pdf' : '报告.docx' },
    });
    expect(ticket.status).toBe(201);
    const put = await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: bytes,
    });
    expect(put.status).toBe(200);
    await runtime.s3.drain();
    return ticket.body.uploadId as string;
  }
  const detail = async (slotId: string) => (await api('GET', `/reports/${slotId}`, { as: 'lixia.mz' })).body;
  const submissionOf = async (slotId: string, uploadId: string) =>
    (await detail(slotId)).submissions.find((s: { uploadId: string }) => s.uploadId === uploadId);
  const inbox = async (as: string) =>
    (await api('GET', '/notifications', { as })).body.items as {
      type: string;
      title: string;
      body: string;
      subject: { id: string };
    }[];

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId: station.body.id, ...contractTerms('LX-2026-RPT') },
    });
    contractId = contract.body.id;
    const activated = await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status).toBe(200);
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('creates the report slots of a contract when it becomes active, visible to its operator and street office', async () => {
    const slots = await api('GET', `/reports?contractId=${contractId}&limit=100`, { as: 'op.a' });
    expect(slots.status).toBe(200);
    // 2026-01-01..2027-12-31: 24 monthly briefs, a mid-term and a final report.
    expect(slots.body.items).toHaveLength(26);
    const october = slots.body.items.find((s: { id: string }) => s.id === slot('M202610'));
    expect(october).toMatchObject({ dueOn: '2026-11-05', status: 'open', kind: 'monthly_brief' });
    expect((await api('GET', `/reports/${slot('M202610')}`, { as: 'jiefanglu.jd' })).status).toBe(200);
    expect((await api('GET', `/reports/${slot('M202610')}`, { as: 'op.b' })).status).toBe(403);
    expect((await api('GET', `/reports?contractId=${contractId}`, { as: 'daguanyuan.jd' })).status).toBe(403);
  });

  it('says when a due date was computed on the nearest policy because none is in force (R30.1)', async () => {
    // The seeded version is the regulation's own, 2021-03-08 to 2023-03-07.
    const october = (await detail(slot('M202610'))).slot;
    expect(october.policyWarning).toContain('无有效政策版本');
  });

  it('takes the district annual report from the district and lets the city accept it (R20.1)', async () => {
    const id = 'ANNUAL-370102-2026';
    expect((await detail(id)).slot).toMatchObject({ dueOn: '2026-11-30', status: 'open' });
    const annual = [
      '历下区2026年度社工站建设运营情况报告',
      '社工站建设情况',
      '全区 14 个街道均已建站',
      '运营情况',
      '服务覆盖',
      '存在问题',
      '人员流动',
      '下一步工作安排',
      '加强督导',
    ];
    const uploadId = await upload('lixia.mz', id, await makePdf(annual));
    expect((await detail(id)).slot).toMatchObject({
      status: 'submitted',
      currentUploadId: uploadId,
      onTime: true,
    });
    expect((await inbox('city.mz')).some((n) => n.type === 'report.submitted' && n.subject.id === id)).toBe(
      true,
    );
    const fromOperator = await api('POST', `/reports/${id}/upload-url`, {
      as: 'op.a',
      body: { contentType: PDF, bytes: 100 },
    });
    expect(fromOperator.status).toBe(403);
    const byDistrict = await api('POST', `/reports/${id}/review`, {
      as: 'lixia.mz',
      body: { version: 2, uploadId, decision: 'accept' },
    });
    expect(byDistrict).toMatchObject({ status: 403, body: { code: 'NOT_RECIPIENT' } });
    const byCity = await api('POST', `/reports/${id}/review`, {
      as: 'city.mz',
      body: { version: 2, uploadId, decision: 'accept' },
    });
    expect(byCity.body.status).toBe('accepted');
  });

  it('accepts a valid PDF as the current version, records its SHA-256 and lateness, and notifies both recipients', async () => {
    const bytes = await makePdf(['2026年10月工作简报', ...BRIEF]);
    const uploadId = await upload('op.a', slot('M202610'), bytes);
    const report = await detail(slot('M202610'));
    expect(report.slot).toMatchObject({
      status: 'submitted',
      currentUploadId: uploadId,
      onTime: false,
      firstSubmittedOn: '2026-11-25',
    });
    expect(report.submissions[0]).toMatchObject({
      outcome: 'passed',
      sha256: sha256(bytes),
      onTime: false,
      reasons: [],
    });
    expect(report.submissions[0].key).toBe(`reports/${slot('M202610')}/${uploadId}.pdf`);
    for (const recipient of ['lixia.mz', 'jiefanglu.jd']) {
      const notes = await inbox(recipient);
      expect(notes.some((n) => n.type === 'report.submitted' && n.subject.id === slot('M202610'))).toBe(true);
    }
    expect((await inbox('op.a')).some((n) => n.type === 'report.submitted')).toBe(false);
  });

  it('decides on time against the due date: a November brief uploaded on 25 November is on time', async () => {
    const uploadId = await upload(
      'op.a',
      slot('M202611'),
      await makeDocx(BRIEF.map((text, i) => ({ text, heading: i % 2 === 0 }))),
      DOCX,
    );
    expect(await submissionOf(slot('M202611'), uploadId)).toMatchObject({
      outcome: 'passed',
      format: 'docx',
      onTime: true,
    });
  });

  it('quarantines bad files with reasons the operator can read, and tells the operator', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['renamed executable', makeExecutable(), 'NOT_PDF_OR_DOCX'],
      [
        'PDF without the required headings',
        await makePdf(['2026年9月工作简报', '本月服务开展情况', '服务成效']),
        'MISSING_HEADINGS',
      ],
      ['zip bomb posing as a DOCX', await makeZipBomb(), 'ARCHIVE_SUSPICIOUS'],
    ];
    for (const [what, bytes, code] of cases) {
      const uploadId = await upload('op.a', slot('M202609'), bytes, what.includes('DOCX') ? DOCX : PDF);
      const submission = await submissionOf(slot('M202609'), uploadId);
      expect(submission, what).toMatchObject({ outcome: 'failed' });
      expect(submission.key, what).toBe(
        `quarantine/${slot('M202609')}/${uploadId}.${what.includes('DOCX') ? 'docx' : 'pdf'}`,
      );
      expect(
        submission.reasons.map((r: { code: string }) => r.code),
        what,
      ).toContain(code);
    }
    const missing = (await detail(slot('M202609'))).submissions.find((s: { reasons: { code: string }[] }) =>
      s.reasons.some((r) => r.code === 'MISSING_HEADINGS'),
    );
    expect(missing.reasons[0].message).toContain('存在问题');
    expect(missing.reasons[0].message).toContain('下月工作计划');
    expect((await detail(slot('M202609'))).slot.status).toBe('open');
    const rejected = (await inbox('op.a')).filter((n) => n.type === 'report.rejected');
    expect(rejected).toHaveLength(3);
    expect(rejected.map((n) => n.body).join('\n')).toContain('下月工作计划');
  });

  it('refuses an empty object and one larger than the policy allows, even when S3 let them through', async () => {
    // s3rver does not enforce the signed Content-Length as S3 does; the trigger checks again.
    const empty = await upload('op.a', slot('M202608'), new Uint8Array(0), PDF, 1);
    expect((await submissionOf(slot('M202608'), empty)).reasons[0].code).toBe('EMPTY_FILE');
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    const oversized = await upload('op.a', slot('M202608'), big, PDF, 1024);
    expect(
      (await submissionOf(slot('M202608'), oversized)).reasons.map((r: { code: string }) => r.code),
    ).toEqual(['TOO_LARGE']);
    const tooBig = await api('POST', `/reports/${slot('M202608')}/upload-url`, {
      as: 'op.a',
      body: { contentType: PDF, bytes: 20 * 1024 * 1024 + 1 },
    });
    expect(tooBig).toMatchObject({ status: 422, body: { code: 'UPLOAD_TOO_LARGE' } });
  });

  it('gives upload URLs only to the submitter of an open slot', async () => {
    const foreign = await api('POST', `/reports/${slot('M202607')}/upload-url`, {
      as: 'op.b',
      body: { contentType: PDF, bytes: 100 },
    });
    expect(foreign.status).toBe(403);
    const district = await api('POST', `/reports/${slot('M202607')}/upload-url`, {
      as: 'lixia.mz',
      body: { contentType: PDF, bytes: 100 },
    });
    expect(district).toMatchObject({ status: 403, body: { code: 'NOT_SUBMITTER' } });
    const wrongType = await api('POST', `/reports/${slot('M202607')}/upload-url`, {
      as: 'op.a',
      body: { contentType: 'application/x-msdownload', bytes: 100 },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.contentType).toContain('application/problem+json');
    // What each reader is offered is what the API would take: the operator uploads, the recipients wait.
    const offered = async (as: string) =>
      (await api('GET', `/reports/${encodeURIComponent(slot('M202607'))}`, { as })).body.slot.actions;
    expect(await offered('op.a')).toEqual(['upload']);
    expect(await offered('lixia.mz')).toEqual([]);
    expect(await offered('jiefanglu.jd')).toEqual([]);
    // Nothing can be reported of a month not yet come: the clock reads 25 November 2026.
    const future = slot('M202701');
    expect(
      (await api('GET', `/reports/${encodeURIComponent(future)}`, { as: 'op.a' })).body.slot.actions,
    ).toEqual([]);
    const early = await api('POST', `/reports/${future}/upload-url`, {
      as: 'op.a',
      body: { contentType: PDF, bytes: 100 },
    });
    expect(early).toMatchObject({
      status: 409,
      body: {
        code: 'REPORT_PERIOD_NOT_BEGUN',
        detail: '该报告的报告期自2027年1月1日开始，报告期开始后才能上传。',
      },
    });
    const listed = (await api('GET', '/reports?limit=100', { as: 'lixia.mz' })).body.items;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((s: { actions: string[] }) => !s.actions.includes('upload'))).toBe(true);
  });

  it('changes nothing when the same S3 event is delivered again', async () => {
    const delivery = runtime.s3.deliveries.find((d) =>
      JSON.stringify(d.event).includes(encodeURIComponent(slot('M202610')).replace(/%2F/g, '/')),
    );
    if (!delivery) throw new Error('no delivery of the October brief');
    const before = { report: await detail(slot('M202610')), inbox: (await inbox('lixia.mz')).length };
    const handler = await loadHandler<
      (e: unknown, c: Context) => Promise<{ outcomes: Record<string, number> }>
    >(triggers['validate-report'].handler);
    const replay = await handler(delivery.event, {} as Context);
    expect(replay.outcomes).toMatchObject({ duplicate: 1, passed: 0, failed: 0 });
    expect(await detail(slot('M202610'))).toEqual(before.report);
    expect((await inbox('lixia.mz')).length).toBe(before.inbox);
  });

  it('lets a recipient return a report with a comment, takes a new version, and accepts it once both recipients do', async () => {
    const id = slot('M202610');
    let current = (await detail(id)).slot;
    const noComment = await api('POST', `/reports/${id}/review`, {
      as: 'jiefanglu.jd',
      body: { version: current.version, uploadId: current.currentUploadId, decision: 'return' },
    });
    expect(noComment).toMatchObject({ status: 422, body: { code: 'RETURN_COMMENT_REQUIRED' } });
    const returned = await api('POST', `/reports/${id}/review`, {
      as: 'jiefanglu.jd',
      body: {
        version: current.version,
        uploadId: current.currentUploadId,
        decision: 'return',
        comment: '请补充活动照片',
      },
    });
    expect(returned.body.status).toBe('returned');
    expect((await inbox('op.a')).find((n) => n.type === 'report.returned')?.body).toContain('请补充活动照片');

    const second = await upload('op.a', id, await makePdf(['2026年10月工作简报（修订）', ...BRIEF]));
    current = (await detail(id)).slot;
    expect(current).toMatchObject({ status: 'submitted', currentUploadId: second, onTime: false });
    expect(
      (await detail(id)).submissions.filter((s: { outcome: string }) => s.outcome === 'passed'),
    ).toHaveLength(2);

    const byCity = await api('POST', `/reports/${id}/review`, {
      as: 'city.mz',
      body: { version: current.version, uploadId: second, decision: 'accept' },
    });
    expect(byCity).toMatchObject({ status: 403, body: { code: 'NOT_RECIPIENT' } });
    const first = await api('POST', `/reports/${id}/review`, {
      as: 'lixia.mz',
      body: { version: current.version, uploadId: second, decision: 'accept' },
    });
    expect(first.body.status).toBe('submitted');
    const both = await api('POST', `/reports/${id}/review`, {
      as: 'jiefanglu.jd',
      body: { version: first.body.version, uploadId: second, decision: 'accept' },
    });
    expect(both.body.status).toBe('accepted');
    const closed = await api('POST', `/reports/${id}/upload-url`, {
      as: 'op.a',
      body: { contentType: PDF, bytes: 100 },
    });
    expect(closed).toMatchObject({ status: 409, body: { code: 'REPORT_SLOT_CLOSED' } });
  });

  it('serves a version to readers and records who at the district and the street opened it, once (B2)', async () => {
    const id = slot('M202611');
    const uploadId = (await detail(id)).slot.currentUploadId as string;
    const link = await api('POST', `/reports/${id}/versions/${uploadId}/download-url`, { as: 'lixia.mz' });
    expect(link.status).toBe(200);
    const bytes = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    expect(sha256(bytes)).toBe(link.body.sha256);
    await api('POST', `/reports/${id}/versions/${uploadId}/download-url`, { as: 'lixia.mz' });
    await api('POST', `/reports/${id}/versions/${uploadId}/download-url`, { as: 'jiefanglu.jd' });
    await api('POST', `/reports/${id}/versions/${uploadId}/download-url`, { as: 'op.a' });
    const receipts = (await detail(id)).receipts;
    expect(
      receipts.map((r: { username: string; party: string }) => `${r.party} ${r.username}`).sort(),
    ).toEqual(['district_civil_affairs:370102 lixia.mz', 'street_office:370102001 jiefanglu.jd']);
  });

  it('lists a submitted report as awaiting review for each recipient until that recipient has reviewed it (R9.3)', async () => {
    const id = slot('M202611');
    const awaiting = async (as: string) =>
      ((await api('GET', '/reports?awaiting=review&limit=100', { as })).body.items as { id: string }[]).map(
        (s) => s.id,
      );
    expect(await awaiting('jiefanglu.jd')).toContain(id);
    expect(await awaiting('lixia.mz')).toContain(id);
    const offered = async (as: string) => (await api('GET', `/reports/${id}`, { as })).body.slot.actions;
    // Before any review the operator may still put a new version in its place.
    expect(await offered('lixia.mz')).toEqual(['review']);
    expect(await offered('jiefanglu.jd')).toEqual(['review']);
    expect(await offered('op.a')).toEqual(['upload']);
    const current = (await detail(id)).slot;
    const accepted = await api('POST', `/reports/${id}/review`, {
      as: 'lixia.mz',
      body: { version: current.version, uploadId: current.currentUploadId, decision: 'accept' },
    });
    expect(accepted.body).toMatchObject({ status: 'submitted', actions: [] });
    expect(await offered('jiefanglu.jd')).toEqual(['review']);
    expect(await offered('op.a')).toEqual([]);
    expect(await awaiting('lixia.mz')).not.toContain(id);
    expect(await awaiting('jiefanglu.jd')).toContain(id);
    expect(await awaiting('op.a')).toEqual([]);
    expect(await awaiting('daguanyuan.jd')).toEqual([]);
  });

  it('reports timeliness per station, district and month (B3)', async () => {
    const res = await api('GET', '/reports/timeliness?year=2026&district=370102', { as: 'lixia.mz' });
    expect(res.status).toBe(200);
    // Due before 2026-11-25: the January–October briefs; October's arrived late, the others never came.
    expect(res.body.total).toMatchObject({
      due: 10,
      onTime: 0,
      late: 1,
      missing: 9,
      onTimeRateHundredths: 0,
      submittedRateHundredths: 1000,
    });
    expect(res.body.byMonth.map((m: { month: string }) => m.month)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(
      (await api('GET', '/reports/timeliness?year=2026&district=370103', { as: 'lixia.mz' })).status,
    ).toBe(403);
  });

  it('marks notifications read and e-mails parties with an address through the local outbox', async () => {
    const settings = await api('PUT', '/notification-settings', {
      as: 'jiefanglu.jd',
      body: { email: 'jiefanglu@example.test', version: 0 },
    });
    expect(settings.body).toMatchObject({
      party: 'street_office:370102001',
      email: 'jiefanglu@example.test',
      transport: 'outbox',
    });
    await upload('op.a', slot('M202607'), await makePdf(['2026年7月工作简报', ...BRIEF]));
    // Sent by the notice-delivery job (every minute under npm start), the only function that sends.
    await runtime.scheduler.fire('notice-delivery');
    const outbox = readFileSync(join(process.env.MAIL_OUTBOX_DIR as string, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { to: string; subject: string });
    expect(outbox.filter((m) => m.to === 'jiefanglu@example.test')).toHaveLength(1);
    expect(outbox[0]?.subject).toContain('2026年7月');

    const [latest] = await inbox('jiefanglu.jd');
    if (!latest) throw new Error('empty inbox');
    const read = await api('POST', `/notifications/${(latest as unknown as { id: string }).id}/read`, {
      as: 'jiefanglu.jd',
    });
    expect(read.body.readBy).toBe('jiefanglu.jd');
    const unread = await api('GET', '/notifications?unread=true', { as: 'jiefanglu.jd' });
    expect(
      unread.body.items.some((n: { id: string }) => n.id === (latest as unknown as { id: string }).id),
    ).toBe(false);
    expect(
      (
        await api('POST', `/notifications/${(latest as unknown as { id: string }).id}/read`, {
          as: 'lixia.mz',
        })
      ).status,
    ).toBe(404);
  });

  it('cancels the slots of months not yet begun when the contract is terminated, and keeps the rest', async () => {
    const contract = await api('GET', `/contracts/${contractId}`, { as: 'lixia.mz' });
    const ended = await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: contract.body.version, to: 'terminated' },
    });
    expect(ended.status).toBe(200);
    const slots = (await api('GET', `/reports?contractId=${contractId}&limit=100`, { as: 'lixia.mz' })).body
      .items as { id: string; status: string }[];
    const statusOf = (suffix: string) => slots.find((s) => s.id === slot(suffix))?.status;
    expect([
      statusOf('M202611'),
      statusOf('M202612'),
      statusOf('M202701'),
      statusOf('MID'),
      statusOf('FIN'),
    ]).toEqual(['submitted', 'cancelled', 'cancelled', 'cancelled', 'open']);
  });
});
