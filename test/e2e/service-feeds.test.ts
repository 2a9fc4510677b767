import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { HandoverView } from '#shared/contracts/handover.schema';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * What the service records feed, over HTTP (issue 19 item 3): the handover list's counts computed from the exiting
 * contract's records (typed counts only for paper archives), and the service volume per station and district in the
 * performance and timeliness views, exact to the minute. A 历下区 station (operator A) records a home visit in
 * November, a phone visit, a group session, a community activity, a case intervention and a visit it voids in
 * December, closes a case and logs a volunteer's hours; a 市中区 station (operator B) records one phone visit.
 * Clock pinned to Monday 2026-12-07 10:00 Shanghai; both contracts' service periods start 2026-01-01.
 */
describe('what service records feed, over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;
  let otherStationId: string;
  let contractId: string;
  let w1: string;
  let handoverId: string;
  let r1: string;
  const consent = { givenOn: '2026-12-01', scope: '建档与服务', givenBy: 'self', sensitiveDataConsent: true };
  const person = (name: string) => ({
    name,
    category: 'left_behind_elderly',
    birthDate: '1950-05-01',
    consent,
  });
  const record = async (body: object, as = 'op.a', station = () => stationId) => {
    const res = await api('POST', `/stations/${station()}/service-records`, { as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  const handover = async (as = 'lixia.mz') => (await api('GET', `/handovers/${handoverId}`, { as })).body;
  const itemOf = (h: { items: { kind: string }[] }, kind: string) => h.items.find((i) => i.kind === kind);

  beforeAll(async () => {
    setClock(() => new Date('2026-12-07T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = async (
      as: string,
      districtCode: string,
      streetCode: string,
      number: string,
      org: string,
    ) => {
      const id = (
        await api('POST', '/stations', { as, body: { districtCode, streetCode, address: '测试站' } })
      ).body.id as string;
      const contract = await api('POST', '/contracts', {
        as,
        body: { stationId: id, ...contractTerms(number, org) },
      });
      await api('POST', `/contracts/${contract.body.id}/status`, { as, body: { version: 1, to: 'active' } });
      return { id, contractId: contract.body.id as string };
    };
    ({ id: stationId, contractId } = await station('lixia.mz', '370102', '370102001', 'FEED-1', 'org-op-a'));
    const other = await station('shizhong.mz', '370103', '370103002', 'FEED-2', 'org-op-b');
    otherStationId = other.id;
    const worker = async (contract: string, as: string, name: string, idNumber: string) =>
      (
        await api('POST', `/contracts/${contract}/workers`, {
          as,
          body: { name, qualification: 'assistant', idNumber, startOn: '2026-01-01' },
        })
      ).body.id as string;
    w1 = await worker(contractId, 'op.a', '张社工', TEST_ID_NUMBERS[0]);
    const wb = await worker(other.contractId, 'op.b', '周社工', TEST_ID_NUMBERS[1]);
    const register = async (station: string, as: string, name: string) =>
      (await api('POST', `/stations/${station}/recipients`, { as, body: person(name) })).body.id as string;
    r1 = await register(stationId, 'op.a', '王小芳');
    const r2 = await register(stationId, 'op.a', '赵大爷');
    const rb = await register(otherStationId, 'op.b', '钱阿姨');

    const visit = { title: '探访', workerIds: [w1], recipientIds: [r1] };
    await record({ ...visit, kind: 'visit-home', date: '2026-11-20', minutes: 90 });
    await record({ ...visit, kind: 'visit-phone', date: '2026-12-02', minutes: 30 });
    await record({
      ...visit,
      kind: 'group-session',
      date: '2026-12-03',
      minutes: 120,
      recipientIds: [r1, r2],
    });
    await record({ ...visit, kind: 'community-activity', date: '2026-12-04', minutes: 180, headcount: 40 });
    const mistaken = await record({ ...visit, kind: 'visit-home', date: '2026-12-05', minutes: 60 });
    await api('DELETE', `/service-records/${mistaken.id}`, {
      as: 'op.a',
      body: { version: 1, reason: '误录' },
    });
    await record(
      {
        kind: 'visit-phone',
        title: '电访',
        workerIds: [wb],
        recipientIds: [rb],
        date: '2026-12-03',
        minutes: 30,
      },
      'op.b',
      () => otherStationId,
    );
    // A case through its stages, closed on 2026-12-06 with its goals achieved.
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
    await record({ ...visit, kind: 'case-intervention', caseId, date: '2026-12-05', minutes: 50 });
    const closed = await api('POST', `/cases/${caseId}/closing`, {
      as: 'op.a',
      body: { version: 4, on: '2026-12-06', outcome: 'achieved', summary: '情绪改善' },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const volunteer = await api('POST', `/stations/${stationId}/volunteers`, {
      as: 'op.a',
      body: { name: '孙志愿', skills: ['理发'], registeredOn: '2026-11-01' },
    });
    await api('POST', `/stations/${stationId}/volunteer-hours`, {
      as: 'op.a',
      body: { volunteerId: volunteer.body.id, date: '2026-12-05', activity: '义诊协助', minutes: 100 },
    });
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('counts the handover list from the exiting contract’s records, the needs survey left to paper (R10.2)', async () => {
    const exit = await api('POST', `/contracts/${contractId}/handover`, {
      as: 'lixia.mz',
      body: {
        exitOn: '2026-12-07',
        reason: '合同提前终止',
        nextOperator: { orgId: 'org-op-c', name: '承接方 C' },
      },
    });
    expect(exit.status, JSON.stringify(exit.body)).toBe(201);
    handoverId = exit.body.id;
    const h = await handover();
    expect(HandoverView.parse(h)).toEqual(h);
    expect(h.recordCounts.period).toEqual({ from: '2026-01-01', to: '2026-12-07' });
    // The voided visit does not count; 市中区's phone visit is another contract's.
    expect(
      Object.fromEntries(
        h.items.map((i: { kind: string; recordCount: number | null }) => [i.kind, i.recordCount]),
      ),
    ).toEqual({
      case: 1,
      group: 1,
      community: 1,
      visit: 2,
      client_file: 2,
      volunteer_file: 1,
      needs_survey: null,
    });
    expect(itemOf(h, 'visit')).not.toHaveProperty('paperCount');
    // The next operator and the auditor see the same counts; another district's bureau does not see the handover.
    expect(itemOf(await handover('audit.lixia'), 'visit')).toMatchObject({ recordCount: 2 });
    expect((await api('GET', `/handovers/${handoverId}`, { as: 'shizhong.mz' })).status).toBe(403);
  });

  it('takes only the paper count from the operator; the record count cannot be typed', async () => {
    const typed = await api('PUT', `/handovers/${handoverId}/items/visit`, {
      as: 'op.a',
      body: { version: (await handover()).version, paperCount: 3, recordCount: 99 },
    });
    expect(typed.status).toBe(400);
    const paper = await api('PUT', `/handovers/${handoverId}/items/visit`, {
      as: 'op.a',
      body: { version: (await handover()).version, paperCount: 3, note: '纸质家访记录 3 册' },
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(200);
    expect(itemOf(paper.body, 'visit')).toMatchObject({
      handed: true,
      paperCount: 3,
      recordCount: 2,
      note: '纸质家访记录 3 册',
    });
    const stored = await api('GET', `/audit?entityType=handover&entityId=${handoverId}`, { as: 'lixia.mz' });
    expect(JSON.stringify(stored.body)).not.toContain('"recordCount"');
  });

  it('counts a visit recorded while the list is open, and keeps the counts as signed once both sides sign', async () => {
    await record({
      kind: 'visit-phone',
      title: '电访',
      workerIds: [w1],
      recipientIds: [r1],
      date: '2026-12-07',
      minutes: 20,
    });
    expect(itemOf(await handover(), 'visit')).toMatchObject({ recordCount: 3, paperCount: 3 });
    const agreement = await makePdf(['移交协议书']);
    const upload = await api('POST', `/handovers/${handoverId}/agreement-url`, {
      as: 'op.a',
      body: {
        version: (await handover()).version,
        contentType: 'application/pdf',
        bytes: agreement.byteLength,
      },
    });
    await fetch(upload.body.upload.url, {
      method: 'PUT',
      headers: upload.body.upload.headers,
      body: agreement,
    });
    for (const as of ['op.a', 'lixia.mz']) {
      const signed = await api('POST', `/handovers/${handoverId}/signatures`, {
        as,
        body: { version: (await handover()).version },
      });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
    const signed = await handover();
    expect(signed.status).toBe('signed');
    expect(signed.recordCounts).toMatchObject({ asOf: '2026-12-07T02:00:00.000Z', counts: { visit: 3 } });
    await record({
      kind: 'visit-phone',
      title: '电访',
      workerIds: [w1],
      recipientIds: [r1],
      date: '2026-12-07',
      minutes: 20,
    });
    expect(itemOf(await handover(), 'visit')).toMatchObject({ recordCount: 3 });
  });

  it('adds the year’s service volume per station and district to the performance view, exact to the minute (R26.1)', async () => {
    const res = await api('GET', '/performance?year=2026', { as: 'city.mz' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const v = res.body.serviceVolume;
    expect(v).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    // 90 + 30 + 120 + 180 + 50 + 20 + 20 = 510 minutes = 8.5 hours; the voided 60 minutes do not count.
    const lixia = {
      records: 7,
      minutes: 510,
      hours: '8.5',
      byKind: {
        'visit-home': 1,
        'visit-phone': 3,
        'group-session': 1,
        'community-activity': 1,
        'case-intervention': 1,
      },
      distinctRecipients: 2,
      casesOpened: 1,
      casesClosed: 1,
      casesClosedByOutcome: { achieved: 1, partly_achieved: 0, not_achieved: 0 },
      volunteers: 1,
      volunteerMinutes: 100,
      volunteerHours: '1.7',
    };
    expect(v.byStation.find((s: { stationId: string }) => s.stationId === stationId)).toMatchObject({
      districtCode: '370102',
      streetCode: '370102001',
      ...lixia,
    });
    expect(v.byDistrict.find((d: { districtCode: string }) => d.districtCode === '370102')).toMatchObject(
      lixia,
    );
    expect(v.byDistrict.find((d: { districtCode: string }) => d.districtCode === '370103')).toMatchObject({
      records: 1,
      minutes: 30,
      hours: '0.5',
      casesClosed: 0,
    });
    expect(v.total).toMatchObject({ records: 8, minutes: 540, hours: '9.0', casesClosed: 1 });
  });

  it('shows a district only its own stations’ service volume', async () => {
    const own = await api('GET', '/performance?year=2026', { as: 'lixia.mz' });
    expect(own.status).toBe(200);
    expect(own.body.serviceVolume.byDistrict.map((d: { districtCode: string }) => d.districtCode)).toEqual([
      '370102',
    ]);
    expect(own.body.serviceVolume.byStation.map((s: { stationId: string }) => s.stationId)).not.toContain(
      otherStationId,
    );
    expect(own.body.serviceVolume.total.minutes).toBe(510);
    expect((await api('GET', '/performance?year=2026&district=370103', { as: 'lixia.mz' })).status).toBe(403);
  });

  it('adds the month’s service volume to the timeliness view, leaving out the November visit (B3)', async () => {
    const res = await api('GET', '/reports/timeliness?year=2026&month=12&district=370102', {
      as: 'lixia.mz',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.serviceVolume).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-31',
      // 510 − 90 (the November home visit) = 420 minutes = 7.0 hours.
      total: { records: 6, minutes: 420, hours: '7.0', casesClosed: 1, volunteerMinutes: 100 },
    });
    expect(res.body.serviceVolume.byStation).toHaveLength(1);
    const november = await api('GET', '/reports/timeliness?year=2026&month=11', { as: 'city.mz' });
    expect(november.body.serviceVolume).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      total: { records: 1, minutes: 90, hours: '1.5', casesClosed: 0, volunteerMinutes: 0 },
    });
  });
  it('shows the commissioned third party the service year’s evidence beside the service-delivery indicators, scoring nothing', async () => {
    const commissioned = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
        planned: { start: '2026-12-08', end: '2026-12-20' },
      },
    });
    expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(201);
    const id = commissioned.body.id as string;
    const evidence = await api('GET', `/evaluations/${id}/service-evidence`, { as: 'tp.a' });
    expect(evidence.status, JSON.stringify(evidence.body)).toBe(200);
    // The service year 2026 up to today; this contract's records only (市中区's are another contract's).
    expect(evidence.body).toMatchObject({
      evaluationId: id,
      contractId,
      period: { from: '2026-01-01', to: '2026-12-07' },
      volume: {
        records: 7,
        minutes: 510,
        hours: '8.5',
        casesOpened: 1,
        casesClosed: 1,
        casesClosedByOutcome: { achieved: 1 },
        volunteers: 1,
        volunteerHours: '1.7',
      },
    });
    expect(evidence.body.byMonth).toHaveLength(12);
    expect(evidence.body.byMonth[10]).toMatchObject({
      month: '2026-11',
      records: 1,
      minutes: 90,
      hours: '1.5',
    });
    expect(evidence.body.byMonth[11]).toMatchObject({ month: '2026-12', records: 6, minutes: 420 });
    expect(evidence.body.indicators.map((i: { key: string }) => i.key)).toEqual([
      'administration.archives',
      'delivery.tasks',
      'delivery.quality',
    ]);
    expect(evidence.body.indicators[1]).toMatchObject({
      name: '服务执行与产出 · 任务完成情况',
      maxPoints: '20.00',
    });
    // Seeing the evidence scores nothing: the evaluation has no score yet.
    const evaluation = await api('GET', `/evaluations/${id}`, { as: 'tp.a' });
    expect(evaluation.body.scores).toEqual({});
    for (const [who, status] of [
      ['jiefanglu.jd', 200],
      ['city.mz', 200],
      ['audit.lixia', 200],
      ['shizhong.mz', 403],
      ['op.a', 403],
    ] as const) {
      expect((await api('GET', `/evaluations/${id}/service-evidence`, { as: who })).status, who).toBe(status);
    }
  });
});
