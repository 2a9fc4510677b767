import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { activeContractOf } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { keys } from '#shared/adapters/dynamodb/keys';
import { PutCommand } from '#shared/adapters/dynamodb/store-client';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import { performance, runAllocation } from '#shared/application/funds/funds.use-case';
import { publicStations } from '#shared/application/stations/directory.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { tableName } from '#shared/config';
import type { DomainError } from '#shared/domain/errors';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

/**
 * R3.1 with 第三条, 第十条: a contract holds its station while it is live — active and not past its end date in
 * Asia/Shanghai, whether or not a job has changed its status — and counts in allocation and performance (R24.1,
 * R26.1) only for the days it was in force.
 */

const at = (day: string) => new Date(`${day}T02:00:00Z`);

/** A contract of `start`–`end` (one tranche on the first day), registered and activated on `activeOn`. */
async function activeContract(
  stationId: string,
  number: string,
  start: string,
  end: string,
  activeOn: string,
) {
  const base = contractTerms(number);
  const draft = await registerContract(actor(lixiaOfficial, at(activeOn)), stationId, {
    ...base,
    servicePeriod: { start, end },
    paymentSchedule: [{ seq: 1, plannedOn: start, amountFen: base.amountFen }],
  });
  return changeContractStatus(actor(lixiaOfficial, at(activeOn)), draft.id, 1, 'active');
}

let street = 1;
const newStation = () =>
  createStation(actor(lixiaOfficial, at('2025-01-02')), {
    districtCode: LIXIA,
    streetCode: `3701020${String(street++).padStart(2, '0')}`,
    address: '经十路 1 号',
  });

describe('contract liveness on DynamoDB Local', () => {
  beforeAll(async () => {
    await freshTables();
  });

  it('lets a station take its next contract once the previous one is past its end date, its status still active', async () => {
    const station = await newStation();
    const old = await activeContract(station.id, 'LX-LIVE-001', '2025-01-01', '2025-12-31', '2025-01-02');
    expect(old.status).toBe('active');
    const next = await activeContract(station.id, 'LX-LIVE-002', '2026-01-01', '2026-12-31', '2026-01-05');
    expect(next.status).toBe('active');
    expect((await activeContractOf(station.id, '2026-01-05'))?.id).toBe(next.id);
  });

  it('signs now a contract that starts after the current one ends, and refuses one whose period overlaps it', async () => {
    const station = await newStation();
    const current = await activeContract(station.id, 'LX-LIVE-010', '2026-01-01', '2026-12-31', '2026-01-02');
    const following = await activeContract(
      station.id,
      'LX-LIVE-011',
      '2027-01-01',
      '2027-12-31',
      '2026-11-25',
    );
    expect(following.status).toBe('active');
    const overlapping = await registerContract(actor(lixiaOfficial, at('2026-11-25')), station.id, {
      ...contractTerms('LX-LIVE-012'),
      servicePeriod: { start: '2026-07-01', end: '2027-06-30' },
      paymentSchedule: [{ seq: 1, plannedOn: '2026-07-01', amountFen: 60_000_000 }],
    });
    const refused = await changeContractStatus(
      actor(lixiaOfficial, at('2026-11-25')),
      overlapping.id,
      1,
      'active',
    )
      .then(() => undefined)
      .catch((e: DomainError) => e);
    expect(refused).toMatchObject({ status: 409, code: 'STATION_HAS_ACTIVE_CONTRACT' });
    expect(refused?.message).toContain('2026-01-01 至 2026-12-31');
    // The contract in force today is the current one; the following one takes over on its first day.
    expect((await activeContractOf(station.id, '2026-12-31'))?.id).toBe(current.id);
    expect((await activeContractOf(station.id, '2027-01-01'))?.id).toBe(following.id);
  });

  it('frees the station the day after a termination, for a contract starting then', async () => {
    const station = await newStation();
    const old = await activeContract(station.id, 'LX-LIVE-020', '2026-01-01', '2027-12-31', '2026-01-02');
    const ended = await changeContractStatus(actor(lixiaOfficial, at('2026-06-30')), old.id, 2, 'terminated');
    expect(ended).toMatchObject({ status: 'terminated', endedOn: '2026-06-30' });
    const next = await activeContract(station.id, 'LX-LIVE-021', '2026-07-01', '2027-06-30', '2026-06-30');
    expect(next.status).toBe('active');
  });

  it('reads a register of the earlier shape (one contractId) and lets the next contract in once that one expired', async () => {
    const station = await newStation();
    const old = await activeContract(station.id, 'LX-LIVE-030', '2025-01-01', '2025-12-31', '2025-01-02');
    await documentClient().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: { ...keys.stationActiveContract(station.id), contractId: old.id },
      }),
    );
    expect((await activeContractOf(station.id, '2025-06-01'))?.id).toBe(old.id);
    expect(await activeContractOf(station.id, '2026-01-01')).toBeUndefined();
    const next = await activeContract(station.id, 'LX-LIVE-031', '2026-01-01', '2026-12-31', '2026-01-05');
    expect((await activeContractOf(station.id, '2026-01-05'))?.id).toBe(next.id);
  });

  it('names no operator in the public directory for a station whose only contract has expired', async () => {
    const station = await newStation();
    await activeContract(station.id, 'LX-LIVE-040', '2025-01-01', '2025-12-31', '2025-01-02');
    const during = await publicStations(
      { district: LIXIA, street: station.streetCode, limit: 10 },
      at('2025-06-01'),
    );
    expect(during.items[0]?.operator).toBeDefined();
    const after = await publicStations(
      { district: LIXIA, street: station.streetCode, limit: 10 },
      at('2026-01-05'),
    );
    expect(after.items[0]?.operator).toBeUndefined();
  });

  it('counts a contract terminated mid-2026 in 2026 performance and allocation only, not in 2027 (R24.1, R26.1)', async () => {
    const station = await newStation();
    const c = await activeContract(station.id, 'LX-LIVE-050', '2026-01-01', '2027-12-31', '2026-01-02');
    await changeContractStatus(actor(lixiaOfficial, at('2026-06-30')), c.id, 2, 'terminated');
    const finance = principal('district_finance', { district: LIXIA });
    const rows = async (year: number) =>
      (await performance(finance, { year, district: LIXIA })).districts[0]?.contracts.map((r) => r.number) ??
      [];
    expect(await rows(2026)).toContain('LX-LIVE-050');
    expect(await rows(2027)).not.toContain('LX-LIVE-050');
    const cityFinance = principal('city_finance');
    const capacity = Object.fromEntries((await listDivisions()).map((d) => [d.code, 5000]));
    const run = await runAllocation(actor(cityFinance, at('2026-12-01')), {
      year: 2027,
      poolFen: 1_000_000,
      fiscalCapacityBp: capacity,
    });
    const factors = run.inputs.factors as readonly { districtCode: string; contractTotalsFen: number }[];
    const lixia = factors.find((f) => f.districtCode === LIXIA);
    // In force in 2027: LX-LIVE-011 (2027) and LX-LIVE-021 (2026-07 to 2027-06), 60 万元 each. Not LX-LIVE-020
    // nor LX-LIVE-050, terminated on 2026-06-30, though their service periods ran to the end of 2027.
    expect(lixia?.contractTotalsFen).toBe(120_000_000);
  });
});
