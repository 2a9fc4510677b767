import { beforeAll, describe, expect, it } from 'vitest';
import { startScheduler } from '#infra/local/scheduler';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { dependentsOf } from '#shared/adapters/dynamodb/calendar.repository';
import { complaintByTracking, getComplaint } from '#shared/adapters/dynamodb/complaints.repository';
import {
  createEvaluationWrite,
  getNotice,
  getWindow,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { getHandover } from '#shared/adapters/dynamodb/handover.repository';
import { getRectification } from '#shared/adapters/dynamodb/rectification.repository';
import { getSlot, queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { putCalendarYear } from '#shared/application/calendar/calendar.use-case';
import { recomputeCalendarDates } from '#shared/application/calendar/recompute-dates.use-case';
import { fileComplaint } from '#shared/application/complaints/complaints.use-case';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import { recordSafetyCheck } from '#shared/application/contracts/records.use-case';
import { publishEvaluation } from '#shared/application/evaluation/evaluations.use-case';
import { recordExit } from '#shared/application/handover/handover.use-case';
import { createPolicyVersion } from '#shared/application/policy/policies.use-case';
import { raiseRectification } from '#shared/application/rectification/rectification.use-case';
import { contractSlotWrites } from '#shared/application/reports/reports.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { hashTrackingCode } from '#shared/domain/complaints/complaint';
import type { Contract } from '#shared/domain/contracts/contract';
import type { Evaluation } from '#shared/domain/evaluation/evaluation';
import { DEFAULT_POLICY_PARAMETERS } from '#shared/domain/policy/policy';
import { actor, cityOfficial, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

/** The report-deadlines job as the local runtime runs it: its dispatcher, then its worker over the local queue. */
const scheduler = startScheduler(false);
const runJob = async (day: string) =>
  (await scheduler.fire('report-deadlines', new Date(`${day}T00:30:00Z`))) as { failed: number };

const CONTRACT_ID = '01JD0000000000000000000C27';
const contract = {
  id: CONTRACT_ID,
  number: 'LX-2026-027',
  servicePeriod: { start: '2026-01-01', end: '2027-12-31' },
  districtCode: '370102',
  streetCode: '370102001',
  stationId: '01JD00000000000000000STATN',
  operator: { orgId: 'org-op-a', name: '承接方 A', kind: 'social_organization' },
} as unknown as Contract;
const slot = async (suffix: string) => {
  const found = await getSlot(`${CONTRACT_ID}-${suffix}`);
  if (!found) throw new Error(`no slot ${suffix}`);
  return found;
};
const step = (s: { steps: readonly { id: string; on: string }[] }, id: string) =>
  s.steps.find((x) => x.id === id)?.on;
const inbox = async (party: string) => (await queryInbox({ party, unreadOnly: false, limit: 100 })).items;

/**
 * A 2027 arrangement for the test (not the State Council's): New Year 01-01…01-03, Spring Festival 02-05…02-11 off,
 * Saturday 02-13 worked.
 */
const arrangement2027 = {
  holidays: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    ...['05', '06', '07', '08', '09', '10', '11'].map((d) => `2027-02-${d}`),
  ],
  workdays: ['2027-02-13'],
  basis: '测试用 2027 年节假日安排',
};

describe('dates computed before a year’s calendar was loaded are computed again once it is (issue 18)', () => {
  beforeAll(async () => {
    await freshTables();
    // The activation's own slot writes, on 2026-11-20, while the chinese-days package knows nothing of 2027.
    const { writes } = await contractSlotWrites(contract, new Date('2026-11-20T02:00:00Z'));
    await commitWithAudit(writes, []);
  });

  it('gives a contract activated with 2027 unloaded provisional 2027 dates, one reminder on New Year’s Day', async () => {
    const december = await slot('M202612');
    expect(december).toMatchObject({
      dueOn: '2027-01-05',
      dueProvisional: true,
      calendarYears: [2026, 2027],
    });
    expect(step(december, 'remind-2')).toBe('2027-01-01');
    expect(december.steps.find((s) => s.id === 'remind-2')).toMatchObject({ provisional: true });
    expect((await slot('M202701')).dueOn).toBe('2027-02-05');
  });

  it('recomputes on the next job run after PUT /calendar/years/2027: New Year’s Day skipped, provisional gone', async () => {
    await putCalendarYear(actor(cityOfficial, new Date('2026-11-25T02:00:00Z')), 2027, arrangement2027);

    const run = await runJob('2026-11-26');

    expect(run.failed).toBe(0);
    const december = await slot('M202612');
    expect(december.dueOn).toBe('2027-01-05');
    expect(step(december, 'remind-2')).toBe('2026-12-31');
    expect(december.dueProvisional).toBe(false);
    expect(december.steps.some((s) => s.provisional)).toBe(false);
    // The January brief fell due on 02-05, now a holiday: the next working day is 02-12.
    const january = await slot('M202701');
    expect(january.dueOn).toBe('2027-02-12');
    expect(january.dueProvisional).toBe(false);
    // The final report's reminders and escalation reach 2028, still unloaded: it stays provisional.
    expect((await slot('FIN')).dueProvisional).toBe(true);
  });

  it('records each change in the slot’s audit trail, before and after', async () => {
    const history = await queryAudit({ entityType: 'report', entityId: `${CONTRACT_ID}-M202701` }, 10);
    const redate = history.items.find((r) => r.action === 'report.redate');
    expect(redate?.before).toMatchObject({ dueOn: '2027-02-05', dueProvisional: true });
    expect(redate?.after).toMatchObject({ dueOn: '2027-02-12', dueProvisional: false });
    expect(redate?.actor.username).toBe('system');
  });

  it('tells the operator of every moved date and the recipients of every moved due date', async () => {
    const operator = await inbox('operator:org-op-a');
    const about = (id: string) => operator.filter((n) => n.subject.id === `${CONTRACT_ID}-${id}`);
    expect(about('M202612')).toHaveLength(1);
    expect(about('M202612')[0]?.body).toContain('2026-12-31');
    expect(about('M202701')[0]?.title).toContain('截止日期改为 2027-02-12');
    const district = await inbox('district_civil_affairs:370102');
    expect(district.map((n) => n.subject.id)).toContain(`${CONTRACT_ID}-M202701`);
    expect(district.map((n) => n.subject.id)).not.toContain(`${CONTRACT_ID}-M202612`);
    const street = (await inbox('street_office:370102001')).map((n) => n.subject.id);
    expect(street).toContain(`${CONTRACT_ID}-M202701`);
    expect(street).not.toContain(`${CONTRACT_ID}-M202612`);
  });

  it('changes nothing and tells no one again when the job runs twice', async () => {
    const before = (await inbox('operator:org-op-a')).length;
    const version = (await slot('M202701')).version;

    const again = await recomputeCalendarDates('2026-11-27', systemActor(new Date('2026-11-27T00:30:00Z')));

    expect(again).toEqual({ examined: 0, acted: 0, failed: 0 });
    expect((await inbox('operator:org-op-a')).length).toBe(before);
    expect((await slot('M202701')).version).toBe(version);
  });

  it('recomputes again when the year is corrected', async () => {
    await putCalendarYear(actor(cityOfficial, new Date('2026-11-28T02:00:00Z')), 2027, {
      ...arrangement2027,
      holidays: arrangement2027.holidays.filter((d) => d !== '2027-02-11'),
      version: 1,
    });

    const run = await recomputeCalendarDates('2026-11-28', systemActor(new Date('2026-11-28T03:00:00Z')));

    expect(run.failed).toBe(0);
    expect((await slot('M202701')).dueOn).toBe('2027-02-11');
    expect((await slot('M202612')).dueOn).toBe('2027-01-05');
  });
});

const STREET = '370102001';
const street = principal('street_office', { district: LIXIA, street: STREET });
/** 10:00 in Jinan on `day`. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);
const redates = async (entityType: string, entityId: string) =>
  (await queryAudit({ entityType, entityId }, 20)).items.filter((r) => r.action === `${entityType}.redate`);
const EVALUATION_ID = '01JDEVA0000000000000002027';

describe('publicity closings, complaint, handover, rectification and evaluation-window dates follow a calendar year loaded later (issue 18)', () => {
  let stationId: string;
  let contractId: string;
  let complaintId: string;
  let noticeId: string;
  let handoverId: string;
  let rectificationId: string;

  beforeAll(async () => {
    await freshTables();
    // A policy in force from 2026 whose rule for a due date on a non-working day is the previous working day.
    await createPolicyVersion(actor(cityOfficial, at('2026-01-01')), {
      name: '测试政策 2026',
      basis: '测试',
      validFrom: '2026-01-01',
      parameters: { ...DEFAULT_POLICY_PARAMETERS, deadlines: { nonWorkingDueDate: 'previous_working_day' } },
    });
    const station = await createStation(actor(lixiaOfficial, at('2026-01-02')), {
      districtCode: LIXIA,
      streetCode: STREET,
      address: '解放路 27 号',
    });
    stationId = station.id;
    const contract = await registerContract(
      actor(lixiaOfficial, at('2026-01-02')),
      station.id,
      contractTerms('LX-CAL-27'),
    );
    contractId = contract.id;
    await changeContractStatus(actor(lixiaOfficial, at('2026-01-02')), contract.id, 1, 'active');
    const confirmed: Evaluation = {
      id: EVALUATION_ID,
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
      reportSlotId: `EVAL-${EVALUATION_ID}`,
      scores: { thirdParty: { indicators: {}, total: 8500 }, district: 8500, street: 8500 },
      result: {
        totalTenThousandths: 850000,
        total: '85.00',
        grade: 'good',
        weights: { thirdParty: 60, district: 30, street: 10 },
      },
      status: 'confirmed',
      rounds: 0,
      version: 1,
      createdAt: '2026-09-01T00:00:00Z',
      updatedAt: '2026-12-25T00:00:00Z',
    };
    await commitWithAudit([createEvaluationWrite(confirmed)], []);
    // All computed while the chinese-days package and the city know nothing of 2027.
    const { trackingCode } = await fileComplaint(at('2026-12-15'), {
      stationId,
      content: '活动室周末不开放',
    });
    complaintId = (await complaintByTracking(hashTrackingCode(trackingCode)))?.id as string;
    const check = await recordSafetyCheck(actor(street, at('2026-12-14')), stationId, {
      checkedOn: '2026-12-14',
      items: [{ item: '消防器材', ok: false, note: '灭火器过期' }],
      findings: '灭火器过期',
    });
    rectificationId = (
      await raiseRectification(actor(street, at('2026-12-15')), {
        source: { type: 'safety_check', id: check.id },
        stationId,
        requirement: '更换过期灭火器',
      })
    ).id;
    handoverId = (
      await recordExit(actor(lixiaOfficial, at('2026-12-10')), contractId, {
        exitOn: '2026-12-10',
        reason: '承接方提前退出',
      })
    ).id;
    noticeId = (await publishEvaluation(actor(lixiaOfficial, at('2026-12-28')), EVALUATION_ID, 1)).id;
  });

  it('marks every date that reaches unloaded 2027 provisional and files it under CALDEP#2027', async () => {
    const notice = await getNotice(noticeId);
    // From 12-29, five working days with 2027-01-01 counted as an ordinary Friday.
    expect(notice?.period).toMatchObject({
      minEndOn: '2027-01-04',
      closableOn: '2027-01-05',
      provisional: true,
    });
    const complaint = await getComplaint(complaintId);
    expect(complaint).toMatchObject({
      acknowledgeBy: '2026-12-16',
      resolveBy: '2027-01-05',
      provisional: true,
    });
    expect(complaint?.deadlineBasis?.rule).toBe('previous_working_day');
    expect(await getHandover(handoverId)).toMatchObject({ deadlineOn: '2027-01-21', provisional: true });
    expect(await getRectification(rectificationId)).toMatchObject({
      deadline: '2027-01-12',
      deadlineProvisional: true,
      deadlineRule: 'previous_working_day',
    });
    expect(await getWindow(contractId, 2)).toMatchObject({ provisional: true });
    const refs = (await dependentsOf(2027, 100)).refs;
    expect(refs).toEqual(
      expect.arrayContaining([
        `publicity#${noticeId}`,
        `complaint#${complaintId}`,
        `handover#${handoverId}`,
        `rectification#${rectificationId}`,
        `evaluation-window#${contractId}#2`,
      ]),
    );
  });

  it('moves them on the job run after PUT /calendar/years/2027 makes New Year’s Day a holiday', async () => {
    await putCalendarYear(actor(cityOfficial, at('2026-12-29')), 2027, arrangement2027);

    const run = await runJob('2026-12-30');

    expect(run.failed).toBe(0);
    expect((await getNotice(noticeId))?.period).toMatchObject({
      minEndOn: '2027-01-05',
      closableOn: '2027-01-06',
      provisional: false,
    });
    const complaint = await getComplaint(complaintId);
    expect(complaint).toMatchObject({
      acknowledgeBy: '2026-12-16',
      resolveBy: '2027-01-06',
      provisional: false,
    });
    expect(complaint?.steps.find((s) => s.id === 'resolve-reminder')?.on).toBe('2027-01-04');
    expect(complaint?.steps.find((s) => s.id === 'resolve-overdue')?.on).toBe('2027-01-07');
    expect(await getHandover(handoverId)).toMatchObject({ deadlineOn: '2027-01-22', provisional: false });
    expect(await getRectification(rectificationId)).toMatchObject({
      deadline: '2027-01-13',
      deadlineProvisional: false,
    });
    // Year 2's alerts fall in November and December 2027, untouched by the arrangement: only the mark goes.
    expect(await getWindow(contractId, 2)).toMatchObject({ provisional: false });
  });

  it('records each change with its dates before and after', async () => {
    const [complaint] = await redates('complaint', complaintId);
    expect(complaint?.before).toMatchObject({ resolveBy: '2027-01-05', provisional: true });
    expect(complaint?.after).toMatchObject({ resolveBy: '2027-01-06', provisional: false });
    expect(complaint?.actor.username).toBe('system');
    const [notice] = await redates('publicity', noticeId);
    expect(notice?.before).toMatchObject({ closableOn: '2027-01-05', provisional: true });
    expect(notice?.after).toMatchObject({ closableOn: '2027-01-06', provisional: false });
    expect((await redates('handover', handoverId))[0]?.after).toMatchObject({ deadlineOn: '2027-01-22' });
    expect((await redates('rectification', rectificationId))[0]?.after).toMatchObject({
      deadline: '2027-01-13',
    });
    expect((await redates('evaluation-window', `${contractId}#2`))[0]?.after).toMatchObject({
      provisional: false,
    });
  });

  it('tells the parties whose dates moved', async () => {
    const district = await inbox(`district_civil_affairs:${LIXIA}`);
    const about = (id: string) =>
      district.filter((n) => n.subject.id === id && n.title.startsWith('【日期调整】'));
    expect(about(complaintId)).toHaveLength(1);
    expect(about(complaintId)[0]?.title).toContain('办结期限改为 2027-01-06');
    expect(about(complaintId)[0]?.body).toContain('原为 2027-01-05');
    expect(about(EVALUATION_ID)[0]?.title).toContain('可结束公示之日改为 2027-01-06');
    const streetNotes = await inbox(`street_office:${STREET}`);
    expect(
      streetNotes.some((n) => n.subject.id === EVALUATION_ID && n.title.startsWith('【日期调整】')),
    ).toBe(true);
    const operator = await inbox('operator:org-op-a');
    expect(
      operator.find((n) => n.subject.id === rectificationId && n.title.startsWith('【日期调整】'))?.title,
    ).toContain('整改期限改为 2027-01-13');
    expect(
      operator.find((n) => n.subject.id === contractId && n.title.includes('档案移交'))?.title,
    ).toContain('档案移交期限改为 2027-01-22');
    // The window's alerts did not move: no notice for it.
    expect(district.some((n) => n.type === 'evaluation.window' && n.title.startsWith('【日期调整】'))).toBe(
      false,
    );
  });

  it('changes nothing and tells no one again when the same arrangement is entered again and the job runs twice', async () => {
    const before = {
      notes: (await inbox(`district_civil_affairs:${LIXIA}`)).length,
      complaint: (await getComplaint(complaintId))?.version,
      notice: (await getNotice(noticeId))?.version,
    };
    await putCalendarYear(actor(cityOfficial, at('2026-12-30')), 2027, { ...arrangement2027, version: 1 });

    const again = await recomputeCalendarDates('2026-12-31', systemActor(at('2026-12-31')));

    expect(again.acted).toBe(0);
    expect(again.failed).toBe(0);
    expect((await inbox(`district_civil_affairs:${LIXIA}`)).length).toBe(before.notes);
    expect((await getComplaint(complaintId))?.version).toBe(before.complaint);
    expect((await getNotice(noticeId))?.version).toBe(before.notice);
    expect(await redates('complaint', complaintId)).toHaveLength(1);
  });
});
