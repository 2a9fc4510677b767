import { beforeAll, describe, expect, it } from 'vitest';
import { handler as reportDeadlines } from '#functions/jobs/report-deadlines.handler';
import { lambdaContext } from '#infra/local/api-gateway';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { getSlot, queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { putCalendarYear } from '#shared/application/calendar/calendar.use-case';
import { recomputeCalendarDates } from '#shared/application/calendar/recompute-dates.use-case';
import { contractSlotWrites } from '#shared/application/reports/reports.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import type { Contract } from '#shared/domain/contracts/contract';
import { actor, cityOfficial } from '#test/helpers/actors';
import { freshTables } from '#test/helpers/tables';

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

    const run = await reportDeadlines(
      { jobId: 'report-deadlines', scheduledTime: '2026-11-26T00:30:00Z' },
      lambdaContext('t'),
    );

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
