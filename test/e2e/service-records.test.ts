import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Service records, cases and service hours over HTTP (issue 19 item 2): the operator running a 历下区 station records
 * visits, a group session and a community activity naming its roster's workers and its registered recipients by id;
 * refusals in zh-CN (a worker not on the roster, a future date, a date before the contract, an unregistered
 * recipient, a headcount below the attendance, another district's station); a case through intake, assessment, plan,
 * interventions and closing with a refused transition; the month's service hours exact after a void.
 * Clock pinned to Monday 2026-12-07 10:00 Shanghai; the contract's service period starts 2026-01-01.
 */
describe('service records over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;
  let otherStationId: string;
  let contractId: string;
  let w1: string;
  let w2: string;
  let r1: string;
  let r2: string;
  let otherRecipient: string;
  let visitId: string;
  let caseId: string;
  const consent = { givenOn: '2026-12-01', scope: '建档与服务', givenBy: 'self', sensitiveDataConsent: true };
  const person = (name: string) => ({
    name,
    category: 'left_behind_elderly',
    birthDate: '1950-05-01',
    consent,
  });
  const post = (body: object, as = 'op.a', station = () => stationId) =>
    api('POST', `/stations/${station()}/service-records`, { as, body });

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
    ({ id: stationId, contractId } = await station(
      'lixia.mz',
      '370102',
      '370102001',
      'SERVICE-1',
      'org-op-a',
    ));
    otherStationId = (await station('shizhong.mz', '370103', '370103002', 'SERVICE-2', 'org-op-b')).id;
    const worker = async (name: string, idNumber: string) =>
      (
        await api('POST', `/contracts/${contractId}/workers`, {
          as: 'op.a',
          body: { name, qualification: 'assistant', idNumber, startOn: '2026-01-01' },
        })
      ).body.id as string;
    w1 = await worker('张社工', TEST_ID_NUMBERS[0]);
    w2 = await worker('李社工', TEST_ID_NUMBERS[1]);
    const register = async (station: string, as: string, name: string) =>
      (await api('POST', `/stations/${station}/recipients`, { as, body: person(name) })).body.id as string;
    r1 = await register(stationId, 'op.a', '王小芳');
    r2 = await register(stationId, 'op.a', '赵大爷');
    otherRecipient = await register(otherStationId, 'op.b', '钱阿姨');
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('records a home visit by two workers, naming the recipient by id and copying none of their data', async () => {
    const created = await post({
      kind: 'visit-home',
      date: '2026-12-03',
      title: '独居老人探访',
      workerIds: [w1, w2],
      recipientIds: [r1],
      minutes: 90,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'visit-home',
      status: 'recorded',
      contractId,
      recipientIds: [r1],
      minutes: 90,
      version: 1,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/王|小芳/);
    visitId = created.body.id;
    const read = await api('GET', `/service-records/${visitId}`, { as: 'jiefanglu.jd' });
    expect(read).toMatchObject({ status: 200, body: { id: visitId, title: '独居老人探访' } });
  });

  it('records a group session with its attendance and a community activity with its headcount', async () => {
    const group = await post({
      kind: 'group-session',
      date: '2026-12-04',
      title: '手工小组第一节',
      workerIds: [w1],
      recipientIds: [r1, r2],
      minutes: 120,
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    const activity = await post({
      kind: 'community-activity',
      date: '2026-12-05',
      title: '社区义诊',
      workerIds: [w2],
      recipientIds: [r2],
      headcount: 40,
      minutes: 180,
    });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    expect(activity.body.headcount).toBe(40);
  });

  it('refuses a worker not on the roster, a future date, a date before the contract and an unregistered recipient', async () => {
    const visit = {
      kind: 'visit-phone',
      title: '电话回访',
      workerIds: [w1],
      recipientIds: [r1],
      minutes: 15,
    };
    expect(await post({ ...visit, date: '2026-12-06', workerIds: [otherRecipient] })).toMatchObject({
      status: 422,
      body: { code: 'WORKER_NOT_ON_ROSTER', title: '服务社工不在本站花名册中' },
    });
    expect(await post({ ...visit, date: '2026-12-08' })).toMatchObject({
      status: 422,
      body: { code: 'SERVICE_DATE_IN_FUTURE', title: '服务日期不能晚于今天' },
    });
    expect(await post({ ...visit, date: '2025-12-31' })).toMatchObject({
      status: 422,
      body: { code: 'SERVICE_DATE_BEFORE_CONTRACT', title: '服务日期早于合同服务期开始' },
    });
    expect(await post({ ...visit, date: '2026-12-06', recipientIds: [otherRecipient] })).toMatchObject({
      status: 422,
      body: { code: 'RECIPIENT_NOT_REGISTERED', title: '服务对象未在本站建档' },
    });
  });

  it('refuses minutes that are not whole, none or over a day, and a headcount below the attendance', async () => {
    const base = {
      kind: 'visit-phone',
      date: '2026-12-06',
      title: '电话回访',
      workerIds: [w1],
      recipientIds: [r1],
    };
    for (const minutes of [0, 12.5, 1441]) {
      const refused = await post({ ...base, minutes });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].path).toBe('body.minutes');
    }
    expect(
      await post({
        kind: 'community-activity',
        date: '2026-12-06',
        title: '社区活动',
        workerIds: [w1],
        recipientIds: [r1, r2],
        headcount: 1,
        minutes: 60,
      }),
    ).toMatchObject({ status: 422, body: { code: 'HEADCOUNT_BELOW_ATTENDANCE' } });
  });

  it("refuses another district's station to the operator and its records to this district", async () => {
    const foreign = await post(
      {
        kind: 'visit-phone',
        date: '2026-12-06',
        title: '越权',
        workerIds: [w1],
        recipientIds: [r1],
        minutes: 10,
      },
      'op.a',
      () => otherStationId,
    );
    expect(foreign).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await api('GET', `/service-records/${visitId}`, { as: 'shizhong.mz' })).toMatchObject({
      status: 403,
    });
    expect(
      await api('GET', `/stations/${otherStationId}/service-records?month=2026-12`, { as: 'lixia.mz' }),
    ).toMatchObject({ status: 403 });
  });

  it('lists a month a page at a time and by kind', async () => {
    const first = await api('GET', `/stations/${stationId}/service-records?month=2026-12&limit=2`, {
      as: 'lixia.mz',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items.map((r: { date: string }) => r.date)).toEqual(['2026-12-03', '2026-12-04']);
    const second = await api(
      'GET',
      `/stations/${stationId}/service-records?month=2026-12&limit=2&cursor=${first.body.nextCursor}`,
      { as: 'lixia.mz' },
    );
    expect(second.body.items.map((r: { kind: string }) => r.kind)).toEqual(['community-activity']);
    const groups = await api(
      'GET',
      `/stations/${stationId}/service-records?month=2026-12&kind=group-session`,
      {
        as: 'city.mz',
      },
    );
    expect(groups.body.items.map((r: { title: string }) => r.title)).toEqual(['手工小组第一节']);
    const november = await api('GET', `/stations/${stationId}/service-records?month=2026-11`, { as: 'op.a' });
    expect(november.body.items).toEqual([]);
  });

  it('takes a case from intake to closing, refusing to close it before any intervention', async () => {
    const opened = await api('POST', `/stations/${stationId}/cases`, {
      as: 'op.a',
      body: { recipientId: r1, workerId: w1, presentingProblem: '独居，情绪低落', openedOn: '2026-12-01' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ stage: 'intake', version: 1 });
    caseId = opened.body.id;
    const early = await api('POST', `/cases/${caseId}/closing`, {
      as: 'op.a',
      body: { version: 1, on: '2026-12-02', outcome: 'achieved', summary: '过早' },
    });
    expect(early).toMatchObject({
      status: 409,
      body: { code: 'INVALID_TRANSITION', detail: '该个案当前为「接案」，不能变为「已结案」。' },
    });
    const assessed = await api('POST', `/cases/${caseId}/assessment`, {
      as: 'op.a',
      body: { version: 1, on: '2026-12-02', findings: '社会支持薄弱' },
    });
    expect(assessed.body).toMatchObject({ stage: 'assessment', version: 2 });
    const intervention = {
      kind: 'case-intervention',
      date: '2026-12-06',
      title: '个案面谈',
      workerIds: [w1],
      recipientIds: [r1],
      caseId,
      minutes: 50,
    };
    expect(await post(intervention)).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });
    const planned = await api('POST', `/cases/${caseId}/plan`, {
      as: 'op.a',
      body: { version: 2, on: '2026-12-03', goals: ['每周探访一次', '链接社区志愿者'] },
    });
    expect(planned.body).toMatchObject({ stage: 'plan', version: 3 });
    const first = await post(intervention);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const mistaken = await post({ ...intervention, title: '误录的面谈' });
    expect((await api('GET', `/cases/${caseId}`, { as: 'op.a' })).body.interventionIds).toEqual([
      first.body.id,
      mistaken.body.id,
    ]);
    const voidedIntervention = await api('DELETE', `/service-records/${mistaken.body.id}`, {
      as: 'op.a',
      body: { version: 1, reason: '误录' },
    });
    expect(voidedIntervention.status, JSON.stringify(voidedIntervention.body)).toBe(200);
    const withCase = await api('GET', `/cases/${caseId}`, { as: 'lixia.mz' });
    expect(withCase.body).toMatchObject({
      stage: 'intervention',
      interventionIds: [first.body.id],
      version: 6,
    });
    const closed = await api('POST', `/cases/${caseId}/closing`, {
      as: 'op.a',
      body: { version: 6, on: '2026-12-07', outcome: 'partly_achieved', summary: '情绪改善，支持网络待加强' },
    });
    expect(closed.body).toMatchObject({ stage: 'closed', closing: { outcome: 'partly_achieved' } });
    const listed = await api('GET', `/stations/${stationId}/cases`, { as: 'jiefanglu.jd' });
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('computes the service hours exactly and stops counting a voided record', async () => {
    const hours = async () =>
      (await api('GET', `/stations/${stationId}/service-hours?month=2026-12`, { as: 'op.a' })).body;
    const before = await hours();
    // 90 (visit) + 120 (group) + 180 (activity) + 50 (intervention) = 440 minutes = 7.3 hours.
    expect(before).toMatchObject({
      minutes: 440,
      hours: '7.3',
      records: 4,
      distinctRecipients: 2,
      byKind: { 'visit-home': 1, 'group-session': 1, 'community-activity': 1, 'case-intervention': 1 },
    });
    const worker = (h: { workers: { workerId: string }[] }, id: string) =>
      h.workers.find((w) => w.workerId === id);
    expect(worker(before, w1)).toMatchObject({ minutes: 260, hours: '4.3', records: 3 });
    expect(worker(before, w2)).toMatchObject({ minutes: 270, hours: '4.5', records: 2 });
    const stale = await api('DELETE', `/service-records/${visitId}`, {
      as: 'op.a',
      body: { version: 9, reason: '重复录入' },
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
    const voided = await api('DELETE', `/service-records/${visitId}`, {
      as: 'op.a',
      body: { version: 1, reason: '重复录入' },
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({ status: 'void', voided: { on: '2026-12-07', reason: '重复录入' } });
    const after = await hours();
    expect(after).toMatchObject({ minutes: 350, hours: '5.8', records: 3, byKind: { 'visit-home': 0 } });
    expect(worker(after, w2)).toMatchObject({ minutes: 180, hours: '3.0', records: 1 });
    const edit = await api('PUT', `/service-records/${visitId}`, {
      as: 'op.a',
      body: { version: 2, minutes: 60 },
    });
    expect(edit).toMatchObject({ status: 409, body: { code: 'SERVICE_RECORD_VOID' } });
    const district = await api('GET', '/service-hours?district=370102&month=2026-12', { as: 'lixia.mz' });
    expect(district.status, JSON.stringify(district.body)).toBe(200);
    expect(district.body).toMatchObject({ districtCode: '370102', minutes: 350, hours: '5.8', records: 3 });
    expect(
      await api('GET', '/service-hours?district=370103&month=2026-12', { as: 'lixia.mz' }),
    ).toMatchObject({
      status: 403,
    });
  });

  it("registers a volunteer with the phone masked and counts the volunteer's hours apart from the workers'", async () => {
    const registered = await api('POST', `/stations/${stationId}/volunteers`, {
      as: 'op.a',
      body: { name: '孙志愿', phone: '13700001234', skills: ['理发'], registeredOn: '2026-11-01' },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body).toMatchObject({ name: '孙志愿', phone: '137****1234', skills: ['理发'] });
    expect(JSON.stringify(registered.body)).not.toMatch(/13700001234|enc:v1/);
    const listed = await api('GET', `/stations/${stationId}/volunteers`, { as: 'jiefanglu.jd' });
    expect(listed.body.items).toMatchObject([{ name: '孙志愿', phone: '137****1234' }]);
    const hoursOf = (body: object) =>
      api('POST', `/stations/${stationId}/volunteer-hours`, {
        as: 'op.a',
        body: { volunteerId: registered.body.id, date: '2026-12-05', activity: '义诊协助', ...body },
      });
    expect((await hoursOf({ minutes: 100 })).status).toBe(201);
    expect(await hoursOf({ minutes: 20, date: '2026-12-09' })).toMatchObject({
      status: 422,
      body: { code: 'SERVICE_DATE_IN_FUTURE' },
    });
    expect(await hoursOf({ minutes: 20, volunteerId: r1 })).toMatchObject({
      status: 422,
      body: { code: 'VOLUNTEER_NOT_REGISTERED', title: '志愿者未在本站登记' },
    });
    const h = (await api('GET', `/stations/${stationId}/service-hours?month=2026-12`, { as: 'op.a' })).body;
    expect(h.volunteers).toEqual({
      entries: 1,
      minutes: 100,
      hours: '1.7',
      volunteers: [{ volunteerId: registered.body.id, minutes: 100, hours: '1.7' }],
    });
    expect(h.minutes).toBe(350);
  });

  it('corrects a record with its version and counts the new minutes', async () => {
    const list = await api('GET', `/stations/${stationId}/service-records?month=2026-12&kind=group-session`, {
      as: 'op.a',
    });
    const group = list.body.items[0];
    const corrected = await api('PUT', `/service-records/${group.id}`, {
      as: 'op.a',
      body: { version: group.version, minutes: 100, reason: '时长录错' },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ minutes: 100, version: 2 });
    const h = (await api('GET', `/stations/${stationId}/service-hours?month=2026-12`, { as: 'lixia.mz' }))
      .body;
    expect(h).toMatchObject({ minutes: 330, hours: '5.5' });
  });
});
