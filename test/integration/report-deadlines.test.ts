import { beforeAll, describe, expect, it } from 'vitest';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { createSlotWrite, getSlot, queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { runReportSteps } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { contractReportPlan, openSlot } from '#shared/domain/reports/report-slot';
import { freshTables } from '#test/helpers/tables';

const CONTRACTS = 20;
const contractId = (n: number) => `01JD00000000000000000000${String(n).padStart(2, '0')}`;
const job = (day: string) => systemActor(new Date(`${day}T00:30:00Z`));
const inbox = async (party: string) => (await queryInbox({ party, unreadOnly: false, limit: 100 })).items;

describe('report deadline jobs read only what is due, and act once (R9.3, R20.1, B1)', () => {
  beforeAll(async () => {
    await freshTables();
    const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
    for (let n = 1; n <= CONTRACTS; n++) {
      const slots = contractReportPlan(
        {
          id: contractId(n),
          servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
          districtCode: '370102',
          streetCode: '370102001',
          stationId: `STATION-${n}`,
          operator: { orgId: 'org-op-a', name: '承接方 A', kind: 'social_organization' },
        },
        policies,
        calendar,
      ).map((p) => openSlot(p, '2026-01-01T00:00:00Z'));
      await commitWithAudit(
        slots.map((s) => createSlotWrite(s)),
        [],
      );
    }
  });

  it('reads through the byDue index exactly the slots with a step due, not the other 240', async () => {
    // On 2026-03-03 the January brief (due 02-05) is overdue and escalated; the February brief (due 03-05) is
    // two working days away. Nothing else of the 14 slots per contract has a step due yet.
    const first = await runReportSteps('REPORT', '2026-03-03', job('2026-03-03'));
    expect(first).toEqual({ examined: 2 * CONTRACTS, acted: 2 * CONTRACTS, failed: 0 });
  });

  it('marks the January brief overdue, sends one reminder for February, and escalates to the district', async () => {
    const january = await getSlot(`${contractId(1)}-M202601`);
    expect(january?.overdue).toBe(true);
    expect(january?.nextActionOn).toBeUndefined();
    expect(january?.steps.map((s) => `${s.id}:${s.done}`)).toEqual([
      'remind-5:skipped',
      'remind-2:skipped',
      'overdue:acted',
      'escalate-2:acted',
    ]);
    const february = await getSlot(`${contractId(1)}-M202602`);
    expect(february?.overdue).toBe(false);
    expect(february?.nextActionOn).toBe('2026-03-06');

    const operator = await inbox('operator:org-op-a');
    const byType = (type: string) => operator.filter((n) => n.type === type).length;
    expect([byType('report.reminder'), byType('report.overdue'), byType('report.escalated')]).toEqual([
      CONTRACTS,
      CONTRACTS,
      CONTRACTS,
    ]);
    const district = await inbox('district_civil_affairs:370102');
    expect(district.map((n) => n.type)).toEqual(Array(CONTRACTS).fill('report.escalated'));
    expect(district[0]?.body).toContain('2026-02-05');
    expect(await inbox('street_office:370102001')).toEqual([]);
  });

  it('changes nothing and sends nothing when fired again the same day', async () => {
    const before = (await inbox('operator:org-op-a')).length;
    const again = await runReportSteps('REPORT', '2026-03-03', job('2026-03-03'));
    expect(again).toEqual({ examined: 0, acted: 0, failed: 0 });
    expect((await inbox('operator:org-op-a')).length).toBe(before);
  });

  it('catches up after missed days: the next run reads only the slots due since', async () => {
    // 2026-03-06: the February brief is overdue (one step per contract); the March brief's first reminder
    // (five working days before 04-05) is not until 03-30.
    const run = await runReportSteps('REPORT', '2026-03-06', job('2026-03-06'));
    expect(run).toEqual({ examined: CONTRACTS, acted: CONTRACTS, failed: 0 });
  });
});

describe('November annual report deadlines (R20.1)', () => {
  it('creates each district slot once, reminds districts before, and escalates to the city from 1 December', async () => {
    const now = new Date('2026-11-01T01:00:00Z');
    expect(await ensureAnnualSlots(2026, now)).toBe(13);
    expect(await ensureAnnualSlots(2026, now)).toBe(0);

    const reminder = await runReportSteps('ANNUAL_REPORT', '2026-11-16', job('2026-11-16'));
    expect(reminder).toEqual({ examined: 13, acted: 13, failed: 0 });
    expect(
      (await inbox('district_civil_affairs:370102')).filter((n) => n.type === 'report.reminder'),
    ).toHaveLength(1);
    expect(await inbox('city_civil_affairs')).toEqual([]);

    const overdue = await runReportSteps('ANNUAL_REPORT', '2026-12-01', job('2026-12-01'));
    expect(overdue.examined).toBe(13);
    const city = await inbox('city_civil_affairs');
    expect(city).toHaveLength(13);
    expect(city.every((n) => n.type === 'report.overdue')).toBe(true);
    expect((await getSlot('ANNUAL-370102-2026'))?.overdue).toBe(true);

    expect(await runReportSteps('ANNUAL_REPORT', '2026-12-01', job('2026-12-01'))).toEqual({
      examined: 0,
      acted: 0,
      failed: 0,
    });
    expect(await inbox('city_civil_affairs')).toHaveLength(13);
  });
});
