import { beforeAll, describe, expect, it } from 'vitest';
import { queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { runWindowAlerts, windowWrites } from '#shared/application/evaluation/evaluation-windows.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import type { Contract } from '#shared/domain/contracts/contract';
import { contractTerms } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const contract = (n: number, start: string, end: string): Contract => ({
  id: `01JD00000000000000000000${String(n).padStart(2, '0')}`,
  stationId: `STATION-${n}`,
  districtCode: '370102',
  streetCode: '370102001',
  ...contractTerms(`WIN-${n}`),
  servicePeriod: { start, end },
  status: 'active',
  version: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const job = (day: string) => systemActor(new Date(`${day}T00:00:00Z`));
const districtInbox = async () =>
  (await queryInbox({ party: 'district_civil_affairs:370102', unreadOnly: false, limit: 100 })).items;

describe('evaluation-window alerts read only what is due, and alert once (R16.1)', () => {
  beforeAll(async () => {
    await freshTables();
    // 10 contracts whose service year ends 2026-12-31 (window opens 12-01) and 20 whose first year ends
    // 2027-06-30 (window opens 2027-06-01).
    for (let n = 1; n <= 30; n++) {
      const c = n <= 10 ? contract(n, '2026-01-01', '2026-12-31') : contract(n, '2026-07-01', '2027-06-30');
      await commitWithAudit(await windowWrites(c), []);
    }
  });

  it('reads the 10 windows whose first alert is due, not the other 20', async () => {
    expect(await runWindowAlerts('2026-11-17', job('2026-11-17'))).toEqual({
      examined: 10,
      acted: 10,
      failed: 0,
    });
    expect(
      (await districtInbox()).filter((n) => n.title.includes('评估窗口将于 2026-12-01 开启')),
    ).toHaveLength(10);
  });

  it('sends nothing twice when fired again the same day', async () => {
    expect(await runWindowAlerts('2026-11-17', job('2026-11-17'))).toEqual({
      examined: 0,
      acted: 0,
      failed: 0,
    });
    expect(await districtInbox()).toHaveLength(10);
  });

  it('catches up after missed days: on 12-08 the opening and the nothing-commissioned alerts both go out', async () => {
    expect(await runWindowAlerts('2026-12-08', job('2026-12-08'))).toEqual({
      examined: 10,
      acted: 10,
      failed: 0,
    });
    const titles = (await districtInbox()).map((n) => n.title);
    expect(titles.filter((t) => t.startsWith('【评估窗口开启】'))).toHaveLength(10);
    expect(titles.filter((t) => t.startsWith('【评估未委托】'))).toHaveLength(10);
  });

  it('escalates a service year that ended without a final result to the city', async () => {
    expect(await runWindowAlerts('2027-01-01', job('2027-01-01'))).toEqual({
      examined: 10,
      acted: 10,
      failed: 0,
    });
    const city = (await queryInbox({ party: 'city_civil_affairs', unreadOnly: false, limit: 100 })).items;
    expect(city).toHaveLength(10);
    expect(city[0]?.title).toContain('评估逾期上报');
  });
});
