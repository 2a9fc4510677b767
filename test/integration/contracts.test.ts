import { beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import {
  addWorker,
  changeContractStatus,
  contractRoster,
  listContracts,
  readContract,
  registerContract,
  reviseContract,
  setKeyDomains,
  updateWorker,
} from '#shared/application/contracts/contracts.use-case';
import {
  createStation,
  setStationSite,
  stationCompliance,
} from '#shared/application/stations/stations.use-case';
import { DomainError } from '#shared/domain/errors';
import type { Station } from '#shared/domain/stations/station';
import { actor, cityOfficial, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms, TEST_ID_NUMBERS, testIdNumber } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

const opA = principal('operator', { org: 'org-op-a' });
const opB = principal('operator', { org: 'org-op-b' });
const at = (day: string, hour = 2) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('contracts and rosters on DynamoDB Local', () => {
  let station: Station;
  beforeAll(async () => {
    await freshTables();
    station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102005',
      address: '甲',
    });
  });

  it('registers a draft and refuses a second contract with the same number (R3.1)', async () => {
    const draft = await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-001'));
    expect(draft).toMatchObject({
      status: 'draft',
      amountFen: 60_000_000,
      districtCode: LIXIA,
      streetCode: '370102005',
    });
    expect(
      await codeOf(registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-001'))),
    ).toBe('409 CONTRACT_NUMBER_TAKEN');
  });

  it('refuses terms one fen off with 422 naming R23.1, and stores nothing', async () => {
    const terms = contractTerms('LX-2026-002');
    const off = { ...terms, amountFen: terms.amountFen + 1 };
    const error = await registerContract(actor(lixiaOfficial), station.id, off).catch((e: DomainError) => e);
    expect(error).toMatchObject({ code: 'CONTRACT_TERMS_INVALID', status: 422, extras: { rule: 'R23.1' } });
    expect(await codeOf(registerContract(actor(lixiaOfficial), station.id, terms))).toBe('resolved');
  });

  it('lets one contract be active per station, and frees the slot when it completes', async () => {
    const first = await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-010'));
    const second = await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-011'));
    await changeContractStatus(actor(lixiaOfficial), first.id, 1, 'active');
    expect(await codeOf(changeContractStatus(actor(lixiaOfficial), second.id, 1, 'active'))).toBe(
      '409 STATION_HAS_ACTIVE_CONTRACT',
    );
    expect(
      await codeOf(reviseContract(actor(lixiaOfficial), first.id, 2, contractTerms('LX-2026-010'))),
    ).toBe('409 CONTRACT_NOT_DRAFT');
    await changeContractStatus(actor(lixiaOfficial), first.id, 2, 'completed');
    expect((await changeContractStatus(actor(lixiaOfficial), second.id, 1, 'active')).status).toBe('active');
  });

  it("never lets operator B read operator A's contract, and lists each operator's own only", async () => {
    const a = await registerContract(
      actor(lixiaOfficial),
      station.id,
      contractTerms('LX-2026-020', 'org-op-a'),
    );
    await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-021', 'org-op-b'));
    expect((await readContract(opA, a.id)).id).toBe(a.id);
    expect(await codeOf(readContract(opB, a.id))).toBe('403 OUT_OF_SCOPE');
    const listed = await listContracts(opB, { limit: 50 });
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((c) => c.operator.orgId === 'org-op-b')).toBe(true);
  });

  it('shows a street office only the contracts of its own street', async () => {
    const own = principal('street_office', { district: LIXIA, street: '370102005' });
    const other = principal('street_office', { district: LIXIA, street: '370102006' });
    expect((await listContracts(own, { limit: 50 })).items.length).toBeGreaterThan(0);
    expect((await listContracts(other, { limit: 50 })).items).toEqual([]);
    expect(await codeOf(listContracts(other, { street: '370102005', limit: 5 }))).toBe('403 OUT_OF_SCOPE');
  });

  it('keeps ID numbers and phones masked in the roster and in the audit trail', async () => {
    const c = await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-030'));
    const w = await addWorker(actor(opA), c.id, {
      name: '张三',
      qualification: 'intermediate',
      idNumber: TEST_ID_NUMBERS[1],
      phone: '13812345678',
      startOn: '2026-01-01',
    });
    const roster = await contractRoster(lixiaOfficial, c.id);
    expect(roster[0]).toMatchObject({ idNumber: '370102********1231', phone: '138****5678' });
    const audit = await queryAudit({ entityType: 'worker', entityId: w.id }, 5);
    const stored = JSON.stringify(audit.items);
    expect(stored).not.toContain(TEST_ID_NUMBERS[1]);
    expect(stored).not.toContain('13812345678');
    expect(await codeOf(addWorker(actor(opB), c.id, { ...w, idNumber: TEST_ID_NUMBERS[0] }))).toBe(
      '403 OUT_OF_SCOPE',
    );
  });

  it('refuses 1 key domain and accepts 2 for a service year of the contract (R4.1)', async () => {
    const c = await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-040'));
    expect(await codeOf(setKeyDomains(actor(opA), c.id, 1, 1, ['child_welfare']))).toBe(
      '422 KEY_DOMAINS_COUNT',
    );
    const saved = await setKeyDomains(actor(opA), c.id, 1, 1, ['child_welfare', 'social_assistance']);
    expect(saved.keyDomains).toEqual({ '1': ['child_welfare', 'social_assistance'] });
    expect(await codeOf(setKeyDomains(actor(opA), c.id, 3, 2, ['child_welfare', 'social_assistance']))).toBe(
      '422 SERVICE_YEAR_OUT_OF_PERIOD',
    );
  });
});

describe('compliance of a station with its contract and roster', () => {
  let station: Station;
  let contractId: string;
  const now = at('2026-11-25');
  const flag = async (code: string) =>
    (await stationCompliance(lixiaOfficial, station.id, now)).flags.find((f) => f.code === code);

  beforeAll(async () => {
    await freshTables();
    station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102007',
      address: '乙',
    });
    await setStationSite(actor(lixiaOfficial), station.id, 1, {
      location: { transport: '公交', accessibility: '坡道' },
      equipment: { desks: 4, computers: 4, printers: 1 },
      functionalAreas: [{ kind: 'office', areaHundredthsM2: 1000, shared: false }],
    });
    const c = await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-100'));
    contractId = c.id;
    await changeContractStatus(actor(lixiaOfficial), c.id, 1, 'active');
  });

  it('flags staffing and key domains against the active contract', async () => {
    expect(await flag('STAFFING_AGAINST_CONTRACT')).toMatchObject({ status: 'flag', rule: 'R9.1' });
    expect(await flag('KEY_DOMAINS_THIS_YEAR')).toMatchObject({ status: 'flag', rule: 'R4.1' });
  });

  it('passes exactly 5 m² per worker (10 m², 2 workers) and flags the third hire (R5.2)', async () => {
    for (const [i, qualification] of (['intermediate', 'assistant'] as const).entries()) {
      await addWorker(actor(opA), contractId, {
        name: `社工${i}`,
        qualification,
        idNumber: TEST_ID_NUMBERS[i] as string,
        startOn: '2026-01-01',
      });
    }
    expect((await flag('OFFICE_AREA_PER_WORKER'))?.status).toBe('ok');
    const third = await addWorker(actor(opA), contractId, {
      name: '社工2',
      qualification: 'assistant',
      idNumber: testIdNumber(2),
      startOn: '2026-11-01',
    });
    expect((await flag('OFFICE_AREA_PER_WORKER'))?.status).toBe('flag');
    // A worker who left before today no longer counts.
    await updateWorker(actor(opA), contractId, third.id, { version: 1, endOn: '2026-11-20' });
    expect((await flag('OFFICE_AREA_PER_WORKER'))?.status).toBe('ok');
  });

  it('flags staffing below the contract until the head count and levels are met (R9.1)', async () => {
    expect((await flag('STAFFING_AGAINST_CONTRACT'))?.detail).toContain('在岗 2 人，合同要求 4 人');
    for (const i of [0, 1]) {
      await addWorker(actor(opA), contractId, {
        name: `补充${i}`,
        qualification: 'assistant',
        idNumber: testIdNumber(10 + i),
        startOn: '2026-11-21',
      });
    }
    expect((await flag('STAFFING_AGAINST_CONTRACT'))?.status).toBe('ok');
  });

  it('passes key domains once 2 are chosen for the current service year', async () => {
    const c = await readContract(cityOfficial, contractId);
    await setKeyDomains(actor(opA), contractId, 1, c.version, ['elderly_services', 'community_governance']);
    expect((await flag('KEY_DOMAINS_THIS_YEAR'))?.status).toBe('ok');
  });
});
