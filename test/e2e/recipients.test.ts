import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * The service recipients' register over HTTP (issue 19 item 1): a file registered by the operator running the
 * station with consent and an assessment, shown masked everywhere, revealed only with a reason to the operator and
 * the district (each read audited), refused to the street office and to other districts; a child under 14 only with
 * a guardian's consent; marked for deletion, kept to the end of its retention (R10.1: five years after the service
 * period) and anonymised by the daily job, once. Clock pinned to Monday 2026-12-07 10:00 Shanghai.
 */
describe('service recipients over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let stationId: string;
  let workerId: string;
  let id: string;
  const fire = (day: string) =>
    runtime.scheduler.fire('recipient-retention', new Date(`${day}T02:40:00+08:00`)) as Promise<{
      examined: number;
      acted: number;
      failed: number;
    }>;
  const consent = {
    givenOn: '2026-12-01',
    scope: '建档、服务记录与转介',
    givenBy: 'self',
    sensitiveDataConsent: true,
  };
  const adult = {
    name: '王小芳',
    category: 'left_behind_elderly',
    idNumber: TEST_ID_NUMBERS[1],
    phone: '13800000000',
    address: '历下区解放路 23 号 2 单元 301',
    consent,
  };

  beforeAll(async () => {
    setClock(() => new Date('2026-12-07T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    stationId = (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
      })
    ).body.id;
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: { stationId, ...contractTerms('RECIPIENTS-1', 'org-op-a') },
    });
    await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    workerId = (
      await api('POST', `/contracts/${contract.body.id}/workers`, {
        as: 'op.a',
        body: {
          name: '张社工',
          qualification: 'assistant',
          idNumber: TEST_ID_NUMBERS[0],
          startOn: '2026-01-01',
        },
      })
    ).body.id;
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('registers a person with consent and an assessment, and answers with the personal data masked', async () => {
    const created = await api('POST', `/stations/${stationId}/recipients`, {
      as: 'op.a',
      body: {
        ...adult,
        assessment: {
          areas: ['daily_care', 'psychological_support'],
          notes: '独居，行动不便，需定期探访',
          assessedOn: '2026-12-02',
          assessedByWorkerId: workerId,
        },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'active',
      category: 'left_behind_elderly',
      name: '王*芳',
      idNumber: '3701**********1231',
      phone: '138****0000',
      address: '历下区解****',
      birthYear: 1990,
      districtCode: '370102',
      version: 1,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/王小芳|13800000000|370102199001011231|enc:v1/);
    id = created.body.id;
  });

  it('refuses a file without consent, without the separate consent for sensitive data, or with a bad ID number', async () => {
    const post = (body: object) => api('POST', `/stations/${stationId}/recipients`, { as: 'op.a', body });
    const { consent: _c, ...noConsent } = adult;
    expect(await post(noConsent)).toMatchObject({ status: 422, body: { code: 'CONSENT_REQUIRED' } });
    expect(await post({ ...adult, consent: { ...consent, sensitiveDataConsent: false } })).toMatchObject({
      status: 422,
      body: { code: 'SENSITIVE_DATA_CONSENT_REQUIRED' },
    });
    const badCheckDigit = `${TEST_ID_NUMBERS[1].slice(0, 17)}2`;
    const refused = await post({ ...adult, idNumber: badCheckDigit });
    expect(refused).toMatchObject({
      status: 422,
      body: { code: 'ID_NUMBER_INVALID', title: '身份证号码无效' },
    });
    expect(await post({ ...adult, category: 'astronauts' })).toMatchObject({
      status: 422,
      body: { code: 'CATEGORY_UNKNOWN' },
    });
  });

  it('registers a child under 14 only with a guardian consenting, named with the relation (PIPL Art. 31)', async () => {
    const child = {
      name: '李小明',
      category: 'children_in_difficulty',
      birthDate: '2016-05-01',
      consent,
    };
    const refused = await api('POST', `/stations/${stationId}/recipients`, { as: 'op.a', body: child });
    expect(refused).toMatchObject({ status: 422, body: { code: 'GUARDIAN_CONSENT_REQUIRED' } });
    expect(refused.body.detail).toContain('十四周岁');
    const accepted = await api('POST', `/stations/${stationId}/recipients`, {
      as: 'op.a',
      body: {
        ...child,
        consent: { ...consent, givenBy: 'guardian', guardian: { name: '李大山', relation: '父亲' } },
      },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.consent.guardian).toEqual({ name: '李*山', relation: '父亲' });
    expect(accepted.body).toMatchObject({ name: '李*明', birthYear: 2016 });
  });

  it('lists the register masked, a page at a time, to the district, the street office and the operator', async () => {
    for (const as of ['lixia.mz', 'jiefanglu.jd', 'op.a']) {
      const first = await api('GET', `/stations/${stationId}/recipients?limit=1`, { as });
      expect(first.status, `${as}: ${JSON.stringify(first.body)}`).toBe(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toBeDefined();
      const second = await api(
        'GET',
        `/stations/${stationId}/recipients?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
        { as },
      );
      const names = [...first.body.items, ...second.body.items].map((r: { name: string }) => r.name);
      expect(names.sort()).toEqual(['李*明', '王*芳'].sort());
      expect(JSON.stringify([first.body, second.body])).not.toMatch(
        /王小芳|李小明|李大山|13800000000|enc:v1/,
      );
      expect((await api('GET', `/recipients/${id}`, { as })).body.name).toBe('王*芳');
    }
    for (const as of ['shizhong.mz', 'daguanyuan.jd', 'op.b']) {
      expect((await api('GET', `/stations/${stationId}/recipients`, { as })).status).toBe(403);
      expect((await api('GET', `/recipients/${id}`, { as })).status).toBe(403);
    }
    expect((await api('GET', `/recipients/${id}`, { as: 'city.mz' })).status).toBe(403);
  });

  it('reveals the personal data with a reason to the operator and the district, each read audited', async () => {
    const revealed = await api('POST', `/recipients/${id}/personal-data`, {
      as: 'lixia.mz',
      body: { reason: '核实低保申请材料' },
    });
    expect(revealed.status, JSON.stringify(revealed.body)).toBe(200);
    expect(revealed.body).toMatchObject({
      name: '王小芳',
      idNumber: TEST_ID_NUMBERS[1],
      phone: '13800000000',
      address: '历下区解放路 23 号 2 单元 301',
    });
    expect(
      (await api('POST', `/recipients/${id}/personal-data`, { as: 'op.a', body: { reason: '入户探访联系' } }))
        .status,
    ).toBe(200);
    expect((await api('POST', `/recipients/${id}/personal-data`, { as: 'op.a', body: {} })).status).toBe(400);
    const audit = await api('GET', `/audit?entityType=recipient&entityId=${id}`, { as: 'lixia.mz' });
    const reveals = (
      audit.body.items as { action: string; reason?: string; actor: { username: string } }[]
    ).filter((r) => r.action === 'recipient.reveal-personal-data');
    expect(reveals.map((r) => [r.actor.username, r.reason]).sort()).toEqual([
      ['lixia.mz', '核实低保申请材料'],
      ['op.a', '入户探访联系'],
    ]);
    expect(JSON.stringify(audit.body)).not.toMatch(
      /王小芳|13800000000|370102199001011231|解放路 23 号 2 单元/,
    );
  });

  it('refuses the reveal to the street office, another district and another operator', async () => {
    const reveal = (as: string) =>
      api('POST', `/recipients/${id}/personal-data`, { as, body: { reason: '查看' } });
    expect(await reveal('jiefanglu.jd')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
    expect(await reveal('shizhong.mz')).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await reveal('op.b')).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    const audit = await api('GET', `/audit?entityType=recipient&entityId=${id}`, { as: 'lixia.mz' });
    expect(
      (audit.body.items as { action: string }[]).filter((r) => r.action === 'recipient.reveal-personal-data'),
    ).toHaveLength(2);
  });

  it('updates the assessment with the version read, and refuses a stale version', async () => {
    const updated = await api('PUT', `/recipients/${id}`, {
      as: 'op.a',
      body: {
        version: 1,
        phone: '13900000001',
        assessment: {
          areas: ['daily_care', 'policy_linkage'],
          notes: '申请居家养老补贴',
          assessedOn: '2026-12-07',
          assessedByWorkerId: workerId,
        },
      },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, phone: '139****0001', name: '王*芳' });
    const stale = await api('PUT', `/recipients/${id}`, {
      as: 'op.a',
      body: { version: 1, category: 'disabled' },
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'VERSION_CONFLICT' } });
  });

  it('marks the file for deletion, keeps it five years after the service period, then anonymises it once', async () => {
    const marked = await api('POST', `/recipients/${id}/deletion`, {
      as: 'op.a',
      body: { version: 2, reason: '本人撤回同意' },
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    // The contract in force ends 2027-12-31; evaluation material is kept five years after it (R10.1).
    expect(marked.body).toMatchObject({
      status: 'deletion_pending',
      deletion: { requestedOn: '2026-12-07', retainUntil: '2032-12-31', anonymiseOn: '2033-01-01' },
    });
    expect(
      await api('PUT', `/recipients/${id}`, { as: 'op.a', body: { version: 3, category: 'disabled' } }),
    ).toMatchObject({ status: 409, body: { code: 'RECIPIENT_DELETION_PENDING' } });

    expect(await fire('2027-06-01')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect(await fire('2032-12-31')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect(await fire('2033-01-01')).toEqual({ examined: 1, dispatched: 1, acted: 1, failed: 0 });
    expect(await fire('2033-01-01')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    expect(await fire('2033-01-02')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });

    const after = await api('GET', `/recipients/${id}`, { as: 'lixia.mz' });
    expect(after.body).toMatchObject({
      status: 'anonymised',
      category: 'left_behind_elderly',
      districtCode: '370102',
      needsAreas: ['daily_care', 'policy_linkage'],
      anonymisedOn: '2033-01-01',
    });
    for (const field of ['name', 'idNumber', 'phone', 'address', 'birthYear', 'assessment', 'consent'])
      expect(after.body).not.toHaveProperty(field);
    expect(JSON.stringify(after.body)).not.toContain('撤回同意');
    const reveal = await api('POST', `/recipients/${id}/personal-data`, {
      as: 'lixia.mz',
      body: { reason: '核实' },
    });
    expect(reveal).toMatchObject({ status: 409, body: { code: 'RECIPIENT_ANONYMISED' } });
    const audit = await api('GET', `/audit?entityType=recipient&entityId=${id}`, { as: 'lixia.mz' });
    const actions = (audit.body.items as { action: string }[]).map((r) => r.action);
    expect(actions.filter((a) => a === 'recipient.anonymise')).toHaveLength(1);
    expect(actions).toContain('recipient.mark-deletion');
  });
});
