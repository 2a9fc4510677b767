import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { ComplaintList } from '#shared/contracts/complaints.schema';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * Complaints over HTTP (R15.1): anonymous filing with a tracking code, the district's handling with a statement
 * from the operator, deadlines in working days with reminders and escalation to the city, and no way for the
 * public to read anything but their own complaint's state. Clock pinned to Thursday 2026-09-24 10:00 Shanghai,
 * the day before the Mid-Autumn break (09-25..09-27) and a week before National Day (10-01..10-07).
 */
describe('complaints over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;
  let code: string;
  let id: string;
  const fire = (day: string) =>
    runtime.scheduler.fire('complaint-handover-deadlines', new Date(`${day}T08:45:00+08:00`)) as Promise<{
      examined: number;
      acted: number;
      failed: number;
    }>;
  const inbox = async (as: string) =>
    (await api('GET', '/notifications?limit=100', { as })).body.items as { title: string }[];

  beforeAll(async () => {
    setClock(() => new Date('2026-09-24T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    stationId = (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
      })
    ).body.id;
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('takes a complaint from anyone, with deadlines in working days across the holidays, and a tracking code', async () => {
    const filed = await api('POST', '/public/complaints', {
      body: { stationId, content: '周末活动室不开放', name: '王某', contact: '13800000000' },
    });
    expect(filed.status).toBe(201);
    // Received Thursday 09-24: one working day is Monday 09-28 (09-25..09-27 Mid-Autumn); fifteen working days
    // run 09-25 off, 09-28..09-30 (3), National Day off, 10-08, 10-09, 10-10 调休 Saturday (6), 10-12..10-16 (11),
    // 10-19..10-22 (15).
    expect(filed.body).toMatchObject({
      receivedOn: '2026-09-24',
      acknowledgeBy: '2026-09-28',
      resolveBy: '2026-10-22',
    });
    expect(filed.body.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    code = filed.body.trackingCode;
    const tracked = await api('GET', `/public/complaints/${code}`);
    expect(tracked.body).toEqual({
      status: 'received',
      receivedOn: '2026-09-24',
      acknowledgeBy: '2026-09-28',
      resolveBy: '2026-10-22',
      provisional: false,
    });
  });

  it('lets nobody enumerate complaints: a wrong code is not found, a malformed one refused', async () => {
    expect((await api('GET', '/public/complaints/0000000000000000000A')).status).toBe(404);
    expect((await api('GET', '/public/complaints/abc')).status).toBe(400);
    expect(
      (await api('POST', '/public/complaints', { body: { stationId, content: 'x'.repeat(2001) } })).status,
    ).toBe(400);
  });

  it('masks the filer in lists, shows the contact to the district handling it only', async () => {
    const list = (await api('GET', '/complaints?district=370102', { as: 'lixia.mz' })).body.items;
    expect(list[0]).toMatchObject({ filer: { given: true }, content: '周末活动室不开放' });
    expect(JSON.stringify(list)).not.toContain('13800000000');
    id = list[0].id;
    expect((await api('GET', `/complaints/${id}`, { as: 'lixia.mz' })).body.filer).toEqual({
      name: '王某',
      contact: '13800000000',
    });
    expect(JSON.stringify((await api('GET', `/complaints/${id}`, { as: 'city.mz' })).body)).not.toContain(
      '13800000000',
    );
    expect((await api('GET', `/complaints/${id}`, { as: 'shizhong.mz' })).status).toBe(403);
    const audit = await api('GET', `/audit?entityType=complaint&entityId=${id}`, { as: 'lixia.mz' });
    expect(JSON.stringify(audit.body)).not.toContain('13800000000');
  });

  it('escalates an unacknowledged complaint to the city the day after its deadline, once, then reminds before resolution', async () => {
    expect(await fire('2026-09-28')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect(await fire('2026-09-29')).toEqual({ examined: 1, dispatched: 1, acted: 1, failed: 0 });
    expect(await fire('2026-09-29')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect((await inbox('city.mz')).filter((n) => n.title.startsWith('【投诉逾期督办】'))).toHaveLength(1);
    const ack = await api('POST', `/complaints/${id}/acknowledgement`, {
      as: 'lixia.mz',
      body: { version: 2 },
    });
    expect(ack.body.status).toBe('acknowledged');
    // Two working days before 10-22 is 10-20.
    expect(await fire('2026-10-20')).toEqual({ examined: 1, dispatched: 1, acted: 1, failed: 0 });
    expect((await inbox('lixia.mz')).filter((n) => n.title.startsWith('【投诉办结提醒】'))).toHaveLength(1);
  });

  it('asks the operator for nothing it cannot give, and closes with a reply the filer reads by code', async () => {
    const noOperator = await api('POST', `/complaints/${id}/statement-requests`, {
      as: 'lixia.mz',
      body: { version: 4, from: 'operator', question: '请说明' },
    });
    expect(noOperator).toMatchObject({ status: 409, body: { code: 'NO_OPERATOR' } });
    const asked = await api('POST', `/complaints/${id}/statement-requests`, {
      as: 'lixia.mz',
      body: { version: 4, from: 'street_office', question: '请说明周末开放安排' },
    });
    const answered = await api('POST', `/complaints/${id}/statements`, {
      as: 'jiefanglu.jd',
      body: { requestId: asked.body.statements[0].id, answer: '自 10 月起周六开放' },
    });
    expect(answered.body.statements[0].answer).toBe('自 10 月起周六开放');
    const closed = await api('POST', `/complaints/${id}/closure`, {
      as: 'lixia.mz',
      body: { version: 6, reply: '经核实，已要求周六开放活动室', upheld: true },
    });
    expect(closed.body.status).toBe('closed');
    expect((await api('GET', `/public/complaints/${code}`)).body).toMatchObject({
      status: 'closed',
      reply: '经核实，已要求周六开放活动室',
    });
    expect(await fire('2026-10-23')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
  });

  it('lists complaints, statements and reply included, exactly as docs/openapi.json describes them', async () => {
    const list = await api('GET', '/complaints?district=370102', { as: 'lixia.mz' });
    expect(list.body.items[0]).toMatchObject({ status: 'closed', upheld: true, filer: { given: true } });
    expect(ComplaintList.parse(list.body)).toEqual(list.body);
  });
});
