import { beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { createEvaluationWrite } from '#shared/adapters/dynamodb/evaluations.repository';
import { queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import {
  acknowledgeComplaint,
  closeComplaint,
  fileComplaint,
  listComplaints,
} from '#shared/application/complaints/complaints.use-case';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import { recordSafetyCheck } from '#shared/application/contracts/records.use-case';
import {
  listRectifications,
  type NewRectification,
  raiseRectification,
  readRectification,
  runRectificationDeadlines,
  submitEvidence,
  verifyRectification,
} from '#shared/application/rectification/rectification.use-case';
import { recordInspection } from '#shared/application/reports/inspections.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import type { Principal } from '#shared/domain/access/roles';
import { systemActor } from '#shared/domain/audit/audit-record';
import { DomainError } from '#shared/domain/errors';
import type { Evaluation } from '#shared/domain/evaluation/evaluation';
import { actor, cityOfficial, LIXIA, lixiaOfficial, principal, shizhongOfficial } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const STREET = '370102001';
const BARE_STREET = '370102002';
const street = principal('street_office', { district: LIXIA, street: STREET });
const otherStreet = principal('street_office', { district: LIXIA, street: BARE_STREET });
const opA = principal('operator', { org: 'org-op-a' });
const opB = principal('operator', { org: 'org-op-b' });
/** 10:00 in Jinan on `day`. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);
const as = (p: Principal, day: string) => actor(p, at(day));
const job = (day: string) => systemActor(new Date(`${day}T00:45:00Z`));
/** A party's notices, optionally of one type; reminders and overdue notices are told apart by their title. */
const inbox = async (party: string, type?: string) => {
  const notes = (await queryInbox({ party, unreadOnly: false, limit: 100 })).items;
  if (type === 'reminder' || type === 'overdue')
    return notes.filter(
      (n) =>
        n.type === 'rectification.deadline' &&
        n.title.startsWith(type === 'reminder' ? '【整改提醒】' : '【整改逾期】'),
    );
  return notes.filter((n) => !type || n.type === type);
};

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

/** A station on STREET run by org-op-a under an active contract, and a station on BARE_STREET with none. */
async function stations() {
  const station = await createStation(as(lixiaOfficial, '2026-01-02'), {
    districtCode: LIXIA,
    streetCode: STREET,
    address: '解放路 1 号',
  });
  const contract = await registerContract(
    as(lixiaOfficial, '2026-01-02'),
    station.id,
    contractTerms('LX-RC-1'),
  );
  await changeContractStatus(as(lixiaOfficial, '2026-01-02'), contract.id, 1, 'active');
  const bare = await createStation(as(lixiaOfficial, '2026-01-02'), {
    districtCode: LIXIA,
    streetCode: BARE_STREET,
    address: '无合同站',
  });
  return { stationId: station.id, contractId: contract.id, bareStationId: bare.id };
}

const failedCheck = (stationId: string, by = street) =>
  recordSafetyCheck(as(by, '2026-09-25'), stationId, {
    checkedOn: '2026-09-25',
    items: [
      { item: '消防器材', ok: false, note: '灭火器过期' },
      { item: '疏散通道', ok: true },
    ],
    findings: '活动室堆放杂物',
  });

describe('rectification items from a safety check, tracked to a verified closure (B4)', () => {
  let stationId: string;
  let contractId: string;
  let bareStationId: string;
  let checkId: string;
  let itemId: string;
  const fromCheck = (extra: Partial<NewRectification> = {}): NewRectification => ({
    source: { type: 'safety_check', id: checkId },
    stationId,
    requirement: '更换过期灭火器，清理活动室杂物',
    ...extra,
  });

  beforeAll(async () => {
    await freshTables();
    ({ stationId, contractId, bareStationId } = await stations());
    checkId = (await failedCheck(stationId)).id;
  });

  it('raises an item owned by the operator, due 20 working days on across the National Day holiday (B4, B5)', async () => {
    const item = await raiseRectification(as(street, '2026-09-28'), fromCheck());
    itemId = item.id;
    expect(item).toMatchObject({
      source: { type: 'safety_check', id: checkId },
      districtCode: LIXIA,
      streetCode: STREET,
      stationId,
      contractId,
      owner: { role: 'operator', org: 'org-op-a' },
      raisedBy: { role: 'street_office', street: STREET },
      raisedOn: '2026-09-28',
      workingDays: 20,
      // 1–7 October are off and Saturday 10 October is worked (调休): not 26 October as on weekdays alone.
      deadline: '2026-10-30',
      deadlineProvisional: false,
      status: 'open',
      overdue: false,
      nextActionOn: '2026-10-27',
    });
    expect(item.steps).toEqual([
      { id: 'reminder', on: '2026-10-27' },
      { id: 'overdue', on: '2026-10-31' },
    ]);
    expect(item.finding).toContain('灭火器过期');
    const notices = await inbox('operator:org-op-a', 'rectification.raised');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('2026-10-30');
    const audit = await queryAudit({ entityType: 'rectification', entityId: item.id }, 10);
    expect(audit.items.map((a) => a.action)).toEqual(['rectification.raise']);
  });

  it('refuses to raise an item from a safety check that passed', async () => {
    const passed = await recordSafetyCheck(as(street, '2026-09-26'), stationId, {
      checkedOn: '2026-09-26',
      items: [{ item: '消防器材', ok: true }],
    });
    expect(
      await codeOf(
        raiseRectification(
          as(street, '2026-09-28'),
          fromCheck({ source: { type: 'safety_check', id: passed.id } }),
        ),
      ),
    ).toBe('422 SAFETY_CHECK_PASSED');
  });

  it("lets only the station's street office raise from its safety check", async () => {
    expect(await codeOf(raiseRectification(as(lixiaOfficial, '2026-09-28'), fromCheck()))).toBe(
      '403 NOT_RECTIFICATION_RAISER',
    );
    expect(await codeOf(raiseRectification(as(cityOfficial, '2026-09-28'), fromCheck()))).toBe(
      '403 NOT_RECTIFICATION_RAISER',
    );
    expect(await codeOf(raiseRectification(as(otherStreet, '2026-09-28'), fromCheck()))).toBe(
      '403 OUT_OF_SCOPE',
    );
    expect(
      await codeOf(
        raiseRectification(
          as(street, '2026-09-28'),
          fromCheck({ source: { type: 'safety_check', id: contractId } }),
        ),
      ),
    ).toBe('404 NOT_FOUND');
  });

  it('refuses a street office making the district the owner, and defaults to the street office without a contract', async () => {
    expect(await codeOf(raiseRectification(as(street, '2026-09-28'), fromCheck({ owner: 'district' })))).toBe(
      '422 RECTIFICATION_OWNER_NOT_ALLOWED',
    );
    const bareStreet = otherStreet;
    const bareCheck = await failedCheck(bareStationId, bareStreet);
    const item = await raiseRectification(as(bareStreet, '2026-09-28'), {
      source: { type: 'safety_check', id: bareCheck.id },
      stationId: bareStationId,
      requirement: '补充消防器材',
      workingDays: 5,
    });
    expect(item.owner).toEqual({ role: 'street_office', street: BARE_STREET });
    expect(item.contractId).toBeUndefined();
    // Saturday 10 October is a working day (调休).
    expect(item.deadline).toBe('2026-10-10');
  });

  it('lets only the owner submit evidence', async () => {
    expect(
      await codeOf(submitEvidence(as(street, '2026-10-20'), itemId, { version: 1, note: '已整改' })),
    ).toBe('403 NOT_RECTIFICATION_OWNER');
    expect(await codeOf(submitEvidence(as(opB, '2026-10-20'), itemId, { version: 1, note: '已整改' }))).toBe(
      '403 OUT_OF_SCOPE',
    );
    const submitted = await submitEvidence(as(opA, '2026-10-20'), itemId, {
      version: 1,
      note: '已更换灭火器 4 具',
      key: 'rectifications/photo-1.jpg',
    });
    expect(submitted).toMatchObject({ status: 'submitted', version: 2 });
    expect(submitted.nextActionOn).toBeUndefined();
    expect(submitted.evidence).toEqual([
      {
        note: '已更换灭火器 4 具',
        key: 'rectifications/photo-1.jpg',
        submittedAt: at('2026-10-20').toISOString(),
        submittedBy: { sub: opA.sub, username: opA.username },
      },
    ]);
    expect(await inbox(`street_office:${STREET}`, 'rectification.submitted')).toHaveLength(1);
  });

  it('lets only the raiser verify; a rejection reopens the item with its reason', async () => {
    expect(
      await codeOf(
        verifyRectification(as(opA, '2026-10-21'), itemId, { version: 2, accepted: true, comment: '好' }),
      ),
    ).toBe('403 NOT_RECTIFICATION_RAISER');
    expect(
      await codeOf(
        verifyRectification(as(lixiaOfficial, '2026-10-21'), itemId, {
          version: 2,
          accepted: true,
          comment: '好',
        }),
      ),
    ).toBe('403 NOT_RECTIFICATION_RAISER');
    const rejected = await verifyRectification(as(street, '2026-10-21'), itemId, {
      version: 2,
      accepted: false,
      comment: '杂物未清理',
    });
    expect(rejected).toMatchObject({ status: 'open', version: 3, nextActionOn: '2026-10-27' });
    expect(rejected.rejections.map((r) => r.reason)).toEqual(['杂物未清理']);
    expect(await inbox('operator:org-op-a', 'rectification.rejected')).toHaveLength(1);
  });

  it('closes the item once the raiser verifies the new evidence', async () => {
    await submitEvidence(as(opA, '2026-10-22'), itemId, { version: 3, note: '杂物已清理' });
    expect(
      await codeOf(
        verifyRectification(as(street, '2026-10-23'), itemId, { version: 3, accepted: true, comment: '-' }),
      ),
    ).toBe('409 VERSION_CONFLICT');
    const verified = await verifyRectification(as(street, '2026-10-23'), itemId, {
      version: 4,
      accepted: true,
      comment: '现场复查合格',
    });
    expect(verified).toMatchObject({ status: 'verified', version: 5 });
    expect(verified.verification?.comment).toBe('现场复查合格');
    expect(verified.nextActionOn).toBeUndefined();
    expect(verified.steps.map((s) => `${s.id}:${s.done}`)).toEqual(['reminder:skipped', 'overdue:skipped']);
    expect(await codeOf(submitEvidence(as(opA, '2026-10-24'), itemId, { version: 5, note: '再次' }))).toBe(
      '409 INVALID_TRANSITION',
    );
    const audit = await queryAudit({ entityType: 'rectification', entityId: itemId }, 10);
    expect(audit.items.map((a) => a.action).sort()).toEqual(
      [
        'rectification.raise',
        'rectification.submit-evidence',
        'rectification.reject',
        'rectification.submit-evidence',
        'rectification.verify',
      ].sort(),
    );
  });

  it('keeps the item from a district official of another district, and from other operators', async () => {
    expect(await codeOf(readRectification(shizhongOfficial, itemId))).toBe('403 OUT_OF_SCOPE');
    expect(await codeOf(readRectification(opB, itemId))).toBe('403 OUT_OF_SCOPE');
    expect(await codeOf(listRectifications(shizhongOfficial, { district: LIXIA, limit: 50 }))).toBe(
      '403 OUT_OF_SCOPE',
    );
    expect((await listRectifications(shizhongOfficial, { limit: 50 })).items).toEqual([]);
    expect(
      await codeOf(
        verifyRectification(as(shizhongOfficial, '2026-10-23'), itemId, {
          version: 5,
          accepted: true,
          comment: '-',
        }),
      ),
    ).toBe('403 OUT_OF_SCOPE');
    expect(
      await codeOf(submitEvidence(as(shizhongOfficial, '2026-10-23'), itemId, { version: 5, note: '-' })),
    ).toBe('403 OUT_OF_SCOPE');
  });

  it('lists the items of each scope: district, street, owner, city', async () => {
    const ids = async (p: Principal, q: { district?: string; owned?: boolean } = {}) =>
      (await listRectifications(p, { limit: 50, ...q })).items.map((i) => i.streetCode).sort();
    expect(await ids(lixiaOfficial)).toEqual([STREET, BARE_STREET].sort());
    expect(await ids(cityOfficial, { district: LIXIA })).toEqual([STREET, BARE_STREET].sort());
    expect(await ids(street)).toEqual([STREET]);
    expect(await ids(otherStreet, { owned: true })).toEqual([BARE_STREET]);
    expect(await ids(street, { owned: true })).toEqual([]);
    expect(await ids(opA)).toEqual([STREET]);
    expect(await ids(opB)).toEqual([]);
    const page = await listRectifications(lixiaOfficial, { limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeDefined();
  });
});

describe('rectification items from complaints, evaluations and inspections (B4)', () => {
  let stationId: string;
  let contractId: string;

  beforeAll(async () => {
    await freshTables();
    ({ stationId, contractId } = await stations());
  });

  it('raises from an upheld closed complaint only, as the district', async () => {
    const file = async (content: string) => {
      await fileComplaint(at('2026-09-01'), { stationId, content });
      const listed = await listComplaints(lixiaOfficial, {});
      const id = listed.find((c) => c.content === content)?.id as string;
      await acknowledgeComplaint(as(lixiaOfficial, '2026-09-01'), id, 1);
      return id;
    };
    const upheld = await file('活动室长期不开放');
    const notUpheld = await file('工作人员态度不好');
    const source = (id: string): NewRectification => ({
      source: { type: 'complaint', id },
      requirement: '按公示时间开放活动室',
    });
    expect(await codeOf(raiseRectification(as(lixiaOfficial, '2026-09-28'), source(upheld)))).toBe(
      '409 COMPLAINT_NOT_CLOSED',
    );
    await closeComplaint(as(lixiaOfficial, '2026-09-10'), upheld, {
      version: 2,
      reply: '属实',
      upheld: true,
    });
    await closeComplaint(as(lixiaOfficial, '2026-09-10'), notUpheld, {
      version: 2,
      reply: '不属实',
      upheld: false,
    });
    expect(await codeOf(raiseRectification(as(lixiaOfficial, '2026-09-28'), source(notUpheld)))).toBe(
      '422 COMPLAINT_NOT_UPHELD',
    );
    expect(await codeOf(raiseRectification(as(shizhongOfficial, '2026-09-28'), source(upheld)))).toBe(
      '403 OUT_OF_SCOPE',
    );
    const item = await raiseRectification(as(lixiaOfficial, '2026-09-28'), source(upheld));
    expect(item).toMatchObject({
      stationId,
      contractId,
      owner: { role: 'operator', org: 'org-op-a' },
      raisedBy: { role: 'district_civil_affairs', district: LIXIA },
    });
    expect(item.finding).toContain('活动室长期不开放');
  });

  it('raises from a final evaluation of any grade, and refuses one still in publicity', async () => {
    const evaluation = (id: string, status: Evaluation['status']): Evaluation => ({
      id,
      contractId,
      stationId,
      districtCode: LIXIA,
      streetCode: STREET,
      operatorOrg: 'org-op-a',
      serviceYear: { n: 1, start: '2026-01-01', end: '2026-12-31' },
      window: { opensOn: '2026-12-01', closesOn: '2026-12-31' },
      evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
      planned: { start: '2026-12-01', end: '2026-12-20' },
      templateId: 'TEMPLATE',
      policyId: 'POLICY',
      reportSlotId: `EVAL-${id}`,
      scores: { thirdParty: { indicators: {}, total: 8500 }, district: 8500, street: 8500 },
      result: {
        totalTenThousandths: 850000,
        total: '85.00',
        grade: 'good',
        weights: { thirdParty: 60, district: 30, street: 10 },
      },
      status,
      rounds: 1,
      version: 1,
      createdAt: '2026-09-01T00:00:00Z',
      updatedAt: '2026-09-01T00:00:00Z',
    });
    const final = '01JDEVA0000000000000000001';
    const pending = '01JDEVA0000000000000000002';
    await commitWithAudit(
      [
        createEvaluationWrite(evaluation(final, 'final')),
        createEvaluationWrite(evaluation(pending, 'in_publicity')),
      ],
      [],
    );
    const source = (id: string, owner?: 'street_office'): NewRectification => ({
      source: { type: 'evaluation', id },
      requirement: '完善个案档案',
      ...(owner ? { owner } : {}),
    });
    expect(await codeOf(raiseRectification(as(lixiaOfficial, '2026-09-28'), source(pending)))).toBe(
      '409 EVALUATION_NOT_FINAL',
    );
    expect(await codeOf(raiseRectification(as(street, '2026-09-28'), source(final)))).toBe(
      '403 OUT_OF_SCOPE',
    );
    const item = await raiseRectification(as(lixiaOfficial, '2026-09-28'), source(final, 'street_office'));
    expect(item.owner).toEqual({ role: 'street_office', street: STREET });
    expect(item.finding).toContain('良好');
  });

  it('raises from an inspection as the city, owned by the district when no station is named', async () => {
    const inspection = await recordInspection(as(cityOfficial, '2026-09-20'), {
      year: 2026,
      districtCode: LIXIA,
      inspectedOn: '2026-09-20',
      stationIds: [],
      inspectors: '市民政局、市财政局',
      findings: '区级社工站建设台账不全',
    });
    const source: NewRectification = {
      source: { type: 'inspection', id: inspection.id },
      districtCode: LIXIA,
      requirement: '补齐建设台账',
    };
    expect(await codeOf(raiseRectification(as(lixiaOfficial, '2026-09-28'), source))).toBe(
      '403 NOT_RECTIFICATION_RAISER',
    );
    const item = await raiseRectification(as(cityOfficial, '2026-09-28'), source);
    expect(item).toMatchObject({
      owner: { role: 'district_civil_affairs', district: LIXIA },
      raisedBy: { role: 'city_civil_affairs' },
      subjectName: '历下区',
    });
    expect(item.stationId).toBeUndefined();
    expect(await inbox(`district_civil_affairs:${LIXIA}`, 'rectification.raised')).toHaveLength(1);
  });
});

describe('rectification deadlines: read only what is due, each step once (B4)', () => {
  let stationId: string;
  let dueItems: string[];
  let submittedId: string;

  beforeAll(async () => {
    await freshTables();
    ({ stationId } = await stations());
    const check = await failedCheck(stationId);
    const raise = (day: string) =>
      raiseRectification(as(street, day), {
        source: { type: 'safety_check', id: check.id },
        stationId,
        requirement: '更换过期灭火器',
      });
    // Three items raised on 28 September (deadline 30 October, reminder 27 October), one of them with evidence in;
    // two raised on 12 October (deadline 9 November, reminder 4 November); one owned by the district (city).
    dueItems = [(await raise('2026-09-28')).id, (await raise('2026-09-28')).id];
    submittedId = (await raise('2026-09-28')).id;
    await submitEvidence(as(opA, '2026-10-20'), submittedId, { version: 1, note: '已更换' });
    await raise('2026-10-12');
    await raise('2026-10-12');
    const inspection = await recordInspection(as(cityOfficial, '2026-09-20'), {
      year: 2026,
      districtCode: LIXIA,
      inspectedOn: '2026-09-20',
      stationIds: [],
      inspectors: '市民政局',
      findings: '台账不全',
    });
    dueItems.push(
      (
        await raiseRectification(as(cityOfficial, '2026-09-28'), {
          source: { type: 'inspection', id: inspection.id },
          districtCode: LIXIA,
          requirement: '补齐台账',
        })
      ).id,
    );
  });

  it('reads nothing before a step is due', async () => {
    expect(await runRectificationDeadlines('2026-10-26', job('2026-10-26'))).toEqual({
      examined: 0,
      acted: 0,
      failed: 0,
    });
  });

  it('reminds the owners 3 working days before the deadline, reading only the items due', async () => {
    expect(await runRectificationDeadlines('2026-10-27', job('2026-10-27'))).toEqual({
      examined: 3,
      acted: 3,
      failed: 0,
    });
    expect(await inbox('operator:org-op-a', 'reminder')).toHaveLength(2);
    expect(await inbox(`district_civil_affairs:${LIXIA}`, 'reminder')).toHaveLength(1);
    expect(await inbox('city_civil_affairs', 'reminder')).toEqual([]);
  });

  it('sends nothing twice when fired again the same day', async () => {
    expect(await runRectificationDeadlines('2026-10-27', job('2026-10-27'))).toEqual({
      examined: 0,
      acted: 0,
      failed: 0,
    });
    expect(await inbox('operator:org-op-a', 'reminder')).toHaveLength(2);
  });

  it('marks the items overdue the day after the deadline, tells owner and raiser, and escalates district-owned ones to the city', async () => {
    expect(await runRectificationDeadlines('2026-10-31', job('2026-10-31'))).toEqual({
      examined: 3,
      acted: 3,
      failed: 0,
    });
    for (const id of dueItems) {
      const item = await readRectification(cityOfficial, id);
      expect(item.overdue).toBe(true);
      expect(item.nextActionOn).toBeUndefined();
      expect(item.steps.map((s) => `${s.id}:${s.done}`)).toEqual(['reminder:acted', 'overdue:acted']);
    }
    expect(await inbox('operator:org-op-a', 'overdue')).toHaveLength(2);
    expect(await inbox(`street_office:${STREET}`, 'overdue')).toHaveLength(2);
    expect(await inbox(`district_civil_affairs:${LIXIA}`, 'overdue')).toHaveLength(1);
    const city = await inbox('city_civil_affairs', 'overdue');
    expect(city).toHaveLength(1);
    expect(city[0]?.body).toContain('2026-10-30');
    expect(await runRectificationDeadlines('2026-10-31', job('2026-10-31'))).toEqual({
      examined: 0,
      acted: 0,
      failed: 0,
    });
    expect(await inbox('city_civil_affairs', 'overdue')).toHaveLength(1);
  });

  it('holds the item whose evidence awaits verification, and makes it overdue at once when rejected late', async () => {
    const waiting = await readRectification(cityOfficial, submittedId);
    expect(waiting).toMatchObject({ status: 'submitted', overdue: false });
    await verifyRectification(as(street, '2026-11-02'), submittedId, {
      version: 2,
      accepted: false,
      comment: '灭火器型号不符',
    });
    expect(await runRectificationDeadlines('2026-11-02', job('2026-11-02'))).toEqual({
      examined: 1,
      acted: 1,
      failed: 0,
    });
    const late = await readRectification(cityOfficial, submittedId);
    expect(late.overdue).toBe(true);
    expect(late.steps.map((s) => `${s.id}:${s.done}`)).toEqual(['reminder:skipped', 'overdue:acted']);
    expect(await inbox('operator:org-op-a', 'reminder')).toHaveLength(2);
    expect(await inbox('operator:org-op-a', 'overdue')).toHaveLength(3);
  });

  it('reaches the items raised later on their own reminder date', async () => {
    expect(await runRectificationDeadlines('2026-11-04', job('2026-11-04'))).toEqual({
      examined: 2,
      acted: 2,
      failed: 0,
    });
  });
});
