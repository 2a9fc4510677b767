import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCopy } from '#shared/adapters/s3/archive-store';
import { s3Client } from '#shared/adapters/s3/reports-store';
import { resetClock, setClock } from '#shared/clock';
import { bucketName } from '#shared/config';
import { HandoverView } from '#shared/contracts/handover.schema';
import { lockUntilInstant } from '#shared/domain/archives/retention';
import { SERVICE_RECORD_KINDS } from '#shared/domain/handover/handover';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Service archives and the operator's exit over HTTP (R10.1, R10.2): sensitive service records readable only by
 * the holder, the purchaser and auditors, each read audited; the handover list, the agreement signed by both,
 * receipt, and the transfer that switches read access to the next operator; deadline alerts in working days.
 */
describe('archives and handover over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let contractId: string;
  let recordId: string;
  let handoverId: string;
  const version = async () =>
    (await api('GET', `/handovers/${handoverId}`, { as: 'lixia.mz' })).body.version as number;

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    contractId = (
      await api('POST', '/contracts', {
        as: 'lixia.mz',
        body: { stationId: station.body.id, ...contractTerms('LX-ARCH-2026') },
      })
    ).body.id;
    await api('POST', `/contracts/${contractId}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('keeps a sensitive service record until five years after the service period, for the holder, purchaser and auditors only (R10.1)', async () => {
    const bytes = await makePdf(['个案服务记录', '服务对象：困境儿童（化名）']);
    const added = await api('POST', `/contracts/${contractId}/service-records`, {
      as: 'op.a',
      body: {
        kind: 'case',
        title: '2026 年个案 03 号',
        contentType: 'application/pdf',
        bytes: bytes.byteLength,
      },
    });
    expect(added.status).toBe(201);
    expect(added.body.record).toMatchObject({ kind: 'case', sensitive: true, retainUntil: '2032-12-31' });
    await fetch(added.body.upload.url, { method: 'PUT', headers: added.body.upload.headers, body: bytes });
    recordId = added.body.record.id;

    for (const [who, status] of [
      ['op.a', 200],
      ['lixia.mz', 200],
      ['audit.lixia', 200],
      ['op.b', 403],
      ['shizhong.mz', 403],
      ['jiefanglu.jd', 403],
      ['city.mz', 403],
    ] as const) {
      expect((await api('GET', `/contracts/${contractId}/service-records`, { as: who })).status, who).toBe(
        status,
      );
    }
    const read = await api('POST', `/contracts/${contractId}/service-records/${recordId}/download-url`, {
      as: 'lixia.mz',
    });
    expect((await fetch(read.body.url)).status).toBe(200);
    const audit = await api('GET', `/audit?entityType=service-record&entityId=${recordId}`, {
      as: 'lixia.mz',
    });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('service-record.read');
  });

  it('lists the contract archive catalogue with categories and retain-until dates (R10.1)', async () => {
    const catalogue = await api('GET', `/contracts/${contractId}/archives`, { as: 'audit.lixia' });
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.entries).toContainEqual(
      expect.objectContaining({ category: 'service_record', retainUntil: '2032-12-31', sensitive: true }),
    );
    expect((await api('GET', `/contracts/${contractId}/archives`, { as: 'op.b' })).status).toBe(403);
  });

  it('opens a handover due 30 working days after the exit, and alerts before and after the deadline, once (R10.2)', async () => {
    // Recorded on the exit day: the jobs below run on the days after it (issue 18: the stored next action is the
    // first day from the recording on which the job acts, so a handover recorded later is not found earlier).
    setClock(() => new Date('2026-09-29T02:00:00Z'));
    const exit = await api('POST', `/contracts/${contractId}/handover`, {
      as: 'lixia.mz',
      body: {
        exitOn: '2026-09-29',
        reason: '合同到期不再续签',
        nextOperator: { orgId: 'org-op-b', name: '承接方 B' },
      },
    });
    expect(exit.status).toBe(201);
    expect(exit.body).toMatchObject({ deadlineOn: '2026-11-16', status: 'open', exitingOrg: 'org-op-a' });
    // Issue 18: the basis the deadline is recomputed from when a calendar year changes, as the OpenAPI describes it.
    expect(exit.body).toMatchObject({
      provisional: false,
      deadlineBasis: { workingDays: 30, rule: 'next_working_day' },
      calendarYears: [2026],
    });
    expect(HandoverView.parse(exit.body)).toEqual(exit.body);
    expect(exit.body.items).toHaveLength(7);
    expect(exit.body).toMatchObject({ overdue: false, nextActionOn: '2026-11-09' });
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    handoverId = exit.body.id;
    const fire = (day: string) =>
      runtime.scheduler.fire('complaint-handover-deadlines', new Date(`${day}T08:45:00+08:00`));
    expect(await fire('2026-11-06')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect(await fire('2026-11-09')).toEqual({ examined: 1, dispatched: 1, acted: 1, failed: 0 });
    expect(await fire('2026-11-09')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect(await fire('2026-11-17')).toEqual({ examined: 1, dispatched: 1, acted: 1, failed: 0 });
    const city = (await api('GET', '/notifications', { as: 'city.mz' })).body.items as { title: string }[];
    expect(city.filter((n) => n.title.startsWith('【档案移交逾期】'))).toHaveLength(1);
  });

  it('refuses receipt until every item is handed and the agreement is signed by both', async () => {
    for (const kind of SERVICE_RECORD_KINDS.slice(0, 6)) {
      const res = await api('PUT', `/handovers/${handoverId}/items/${kind}`, {
        as: 'op.a',
        body: { version: await version(), paperCount: 12, note: '纸质 2 盒、电子档' },
      });
      expect(res.status).toBe(200);
    }
    expect(
      (
        await api('PUT', `/handovers/${handoverId}/items/needs_survey`, {
          as: 'op.b',
          body: { version: await version(), paperCount: 1 },
        })
      ).status,
    ).toBe(403);
    const early = await api('POST', `/handovers/${handoverId}/receipt`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(early).toMatchObject({ status: 409, body: { code: 'HANDOVER_INCOMPLETE' } });
    expect(early.body.detail).toContain('服务需求调研');
    await api('PUT', `/handovers/${handoverId}/items/needs_survey`, {
      as: 'op.a',
      body: { version: await version(), paperCount: 1 },
    });
    const agreement = await makePdf(['移交协议书']);
    const upload = await api('POST', `/handovers/${handoverId}/agreement-url`, {
      as: 'op.a',
      body: { version: await version(), contentType: 'application/pdf', bytes: agreement.byteLength },
    });
    await fetch(upload.body.upload.url, {
      method: 'PUT',
      headers: upload.body.upload.headers,
      body: agreement,
    });
    const one = await api('POST', `/handovers/${handoverId}/signatures`, {
      as: 'op.a',
      body: { version: await version() },
    });
    expect(one.body.status).toBe('open');
    const both = await api('POST', `/handovers/${handoverId}/signatures`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(both.body.status).toBe('signed');
    const received = await api('POST', `/handovers/${handoverId}/receipt`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(received.body.status).toBe('received');
  });

  it('locks a copy of every recorded document in the archive bucket with its retain-until date, once (R10.1)', async () => {
    // A service record whose upload never comes: waiting on the day, given up as missing a day later.
    const never = await api('POST', `/contracts/${contractId}/service-records`, {
      as: 'op.a',
      body: { kind: 'visit', title: '未上传的记录', contentType: 'application/pdf', bytes: 1000 },
    });
    expect(never.status).toBe(201);
    const fire = (at: string) => runtime.scheduler.fire('archive-copies', new Date(at));
    expect(await fire('2026-11-25T10:20:00+08:00')).toMatchObject({
      examined: 3,
      archived: 2,
      waiting: 1,
      missing: 0,
      failed: 0,
      read: 3,
    });
    const catalogue = (await api('GET', `/archives?contractId=${contractId}`, { as: 'lixia.mz' })).body
      .items[0];
    const byCategory = (category: string) =>
      catalogue.entries.filter((e: { category: string }) => e.category === category);
    expect(byCategory('service_record')).toContainEqual(
      expect.objectContaining({
        retainUntil: '2032-12-31',
        archive: { status: 'archived', lockedUntil: '2032-12-31' },
      }),
    );
    const [agreement] = byCategory('handover');
    expect(agreement).toMatchObject({
      title: '档案移交协议书',
      retainUntil: '2032-12-31',
      archive: { status: 'archived', lockedUntil: '2032-12-31' },
    });
    const copy = await s3Client().send(
      new HeadObjectCommand({ Bucket: bucketName('archive'), Key: agreement.key }),
    );
    expect(copy.Metadata).toMatchObject({ 'retain-until': '2032-12-31', 'archive-category': 'handover' });
    // A run that died after copying and before marking: the next copy is recognised, not made twice.
    const again = await archiveCopy(agreement.key, {
      retainUntil: '2032-12-31',
      lockUntil: lockUntilInstant('2032-12-31'),
      category: 'handover',
    });
    expect(again).toMatchObject({ status: 'archived', already: true });

    expect(await fire('2026-11-25T11:20:00+08:00')).toMatchObject({ examined: 1, archived: 0, waiting: 1 });
    setClock(() => new Date('2026-11-26T03:20:00Z'));
    expect(await fire('2026-11-26T11:20:00+08:00')).toMatchObject({ examined: 1, missing: 1, acted: 1 });
    expect(await fire('2026-11-26T12:20:00+08:00')).toMatchObject({ examined: 0, acted: 0, read: 0 });
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    const locks = await api(
      'GET',
      `/audit?entityType=archive-document&entityId=${encodeURIComponent(agreement.key)}`,
      {
        as: 'lixia.mz',
      },
    );
    expect(locks.body.items.map((a: { action: string }) => a.action)).toEqual(['archive.lock']);
    // Each station's catalogue, in scope only.
    expect(
      (await api('GET', `/archives?contractId=${contractId}&stationId=${contractId}`, { as: 'lixia.mz' }))
        .body.code,
    ).toBe('VALIDATION_FAILED');
    expect((await api('GET', `/archives?contractId=${contractId}`, { as: 'shizhong.mz' })).status).toBe(403);
  });

  it('moves read access to the next operator on transfer, and takes it from the exiting one', async () => {
    const moved = await api('POST', `/handovers/${handoverId}/transfer`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(moved.body.status).toBe('transferred');
    expect((await api('GET', `/contracts/${contractId}/service-records`, { as: 'op.b' })).status).toBe(200);
    expect(
      (await api('POST', `/contracts/${contractId}/service-records/${recordId}/download-url`, { as: 'op.b' }))
        .status,
    ).toBe(200);
    expect((await api('GET', `/contracts/${contractId}/service-records`, { as: 'op.a' })).status).toBe(403);
    expect(
      (await api('POST', `/contracts/${contractId}/service-records/${recordId}/download-url`, { as: 'op.a' }))
        .status,
    ).toBe(403);
  });

  // Last: its record is never uploaded, so it would be a pending archive document for the archive-copies run above.
  it('keeps a service record of a period ending on 29 February until 1 March, as its archive lock (R10.1)', async () => {
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102002', address: '千佛山路 1 号' },
    });
    const leap = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...contractTerms('LX-ARCH-LEAP'),
        servicePeriod: { start: '2026-03-01', end: '2028-02-29' },
        paymentSchedule: contractTerms('LX-ARCH-LEAP').paymentSchedule.map((p, i) => ({
          ...p,
          plannedOn: i === 0 ? '2026-03-15' : '2026-09-15',
        })),
      },
    });
    expect(leap.status, JSON.stringify(leap.body)).toBe(201);
    const added = await api('POST', `/contracts/${leap.body.id}/service-records`, {
      as: 'op.a',
      body: { kind: 'community', title: '2026 年社区活动', contentType: 'application/pdf', bytes: 1024 },
    });
    expect(added.status).toBe(201);
    // Five years after 2028-02-29: 2033 has no 29 February, so the record is kept one day longer, never shorter.
    expect(added.body.record.retainUntil).toBe('2033-03-01');
    const catalogue = await api('GET', `/contracts/${leap.body.id}/archives`, { as: 'lixia.mz' });
    expect(JSON.stringify(catalogue.body)).toContain('"retainUntil":"2033-03-01"');
    expect(JSON.stringify(catalogue.body)).not.toContain('2033-02-29');
  });
});
