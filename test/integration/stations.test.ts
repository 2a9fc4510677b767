import { beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { GetCommand } from '#shared/adapters/dynamodb/store-client';
import {
  createStation,
  listStations,
  readStation,
  setStationSite,
  stationCompliance,
  updateStation,
} from '#shared/application/stations/stations.use-case';
import { tableName } from '#shared/config';
import { DomainError } from '#shared/domain/errors';
import {
  actor,
  cityOfficial,
  LIXIA,
  lixiaOfficial,
  principal,
  SHIZHONG,
  shizhongOfficial,
} from '#test/helpers/actors';
import { freshTables } from '#test/helpers/tables';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

describe('stations on DynamoDB Local', () => {
  beforeAll(() => freshTables());

  it('derives the standard name from the seeded division names (R6.1)', async () => {
    const station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102002',
      address: '千佛山路 1 号',
    });
    expect(station.standardName).toBe('历下区千佛山街道社会工作服务站');
    expect(station.status).toBe('active');
    expect(station.version).toBe(1);
  });

  it('refuses a second active station in the same street with 409 (R2.1)', async () => {
    await createStation(actor(lixiaOfficial), { districtCode: LIXIA, streetCode: '370102003', address: 'A' });
    const second = createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102003',
      address: 'B',
    });
    expect(await codeOf(second)).toBe('409 STATION_EXISTS_FOR_STREET');
  });

  it('frees the street when its station closes, so a new station can open there', async () => {
    const first = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102004',
      address: 'A',
    });
    await updateStation(actor(lixiaOfficial), first.id, { version: 1, status: 'closed' });
    const next = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102004',
      address: 'B',
    });
    expect(next.streetCode).toBe('370102004');
    expect((await readStation(cityOfficial, first.id)).status).toBe('closed');
  });

  it('refuses a street that is not in the given district with 422', async () => {
    const result = createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370103002',
      address: 'x',
    });
    expect(await codeOf(result)).toBe('422 STREET_NOT_IN_DISTRICT');
  });

  it('refuses a district official creating a station in another district with 403', async () => {
    const result = createStation(actor(shizhongOfficial), {
      districtCode: LIXIA,
      streetCode: '370102005',
      address: 'x',
    });
    expect(await codeOf(result)).toBe('403 OUT_OF_SCOPE');
  });

  it('returns 409 VERSION_CONFLICT when the station changed since it was read', async () => {
    const s = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102006',
      address: 'A',
    });
    await updateStation(actor(lixiaOfficial), s.id, { version: 1, address: 'B' });
    const stale = updateStation(actor(lixiaOfficial), s.id, { version: 1, address: 'C' });
    expect(await codeOf(stale)).toBe('409 VERSION_CONFLICT');
    expect((await readStation(lixiaOfficial, s.id)).address).toBe('B');
  });

  it('refuses reopening a closed station (state machine)', async () => {
    const s = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102007',
      address: 'A',
    });
    await updateStation(actor(lixiaOfficial), s.id, { version: 1, status: 'closed' });
    expect(await codeOf(updateStation(actor(lixiaOfficial), s.id, { version: 2, status: 'active' }))).toBe(
      '409 STATION_CLOSED',
    );
  });

  it('writes an audit record with before, after, actor and reason in the same change (R29.1)', async () => {
    const s = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102008',
      address: 'A',
    });
    await updateStation(actor(lixiaOfficial, new Date('2026-11-25T03:00:00Z'), '门牌号更正'), s.id, {
      version: 1,
      address: 'B',
    });
    const history = await queryAudit({ entityType: 'station', entityId: s.id }, 10);
    expect(history.items.map((r) => r.action)).toEqual(['station.update', 'station.create']);
    const update = history.items[0];
    if (!update) throw new Error('no audit record');
    expect(update.reason).toBe('门牌号更正');
    expect(update.actor.roles).toEqual(['district_civil_affairs']);
    expect((update.before as { address: string }).address).toBe('A');
    expect((update.after as { address: string }).address).toBe('B');
    expect(update.scope).toEqual({ district: LIXIA, street: '370102008' });
  });

  it('writes no audit record and no station when the change is refused', async () => {
    const s = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102009',
      address: 'A',
    });
    await codeOf(updateStation(actor(lixiaOfficial), s.id, { version: 7, address: 'Z' }));
    const history = await queryAudit({ entityType: 'station', entityId: s.id }, 10);
    expect(history.items).toHaveLength(1);
    const stored = await documentClient().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.station(s.id) }),
    );
    expect(stored.Item?.address).toBe('A');
  });

  it("lists only the caller's district, and refuses asking for another one", async () => {
    await createStation(actor(shizhongOfficial), {
      districtCode: SHIZHONG,
      streetCode: '370103002',
      address: 'S',
    });
    const lixia = await listStations(lixiaOfficial, { limit: 100 });
    expect(lixia.items.length).toBeGreaterThan(0);
    expect(lixia.items.every((s) => s.districtCode === LIXIA)).toBe(true);
    expect(await codeOf(listStations(lixiaOfficial, { district: SHIZHONG, limit: 10 }))).toBe(
      '403 OUT_OF_SCOPE',
    );
  });

  it('pages the city-wide list across districts without losing or repeating a station', async () => {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listStations(cityOfficial, { limit: 2, ...(cursor ? { cursor } : {}) });
      all.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    const everything = await listStations(cityOfficial, { limit: 100 });
    expect(all).toEqual(everything.items.map((s) => s.id));
    expect(new Set(all).size).toBe(all.length);
    expect(everything.items.some((s) => s.districtCode === SHIZHONG)).toBe(true);
  });

  it('refuses a cursor from another district query with 400', async () => {
    const page = await listStations(cityOfficial, { district: SHIZHONG, limit: 1 });
    const forged = Buffer.from(JSON.stringify({ partition: SHIZHONG, key: { pk: 'x' } })).toString(
      'base64url',
    );
    expect(page.items).toHaveLength(1);
    expect(await codeOf(listStations(lixiaOfficial, { limit: 1, cursor: forged }))).toBe(
      '400 INVALID_CURSOR',
    );
  });

  it('shows a street office only the station of its own street', async () => {
    const street = principal('street_office', { district: LIXIA, street: '370102002' });
    const page = await listStations(street, { limit: 50 });
    expect(page.items.map((s) => s.streetCode)).toEqual(['370102002']);
    expect(await codeOf(listStations(street, { street: '370102003', limit: 5 }))).toBe('403 OUT_OF_SCOPE');
  });

  it('flags every missing R5–R7 item of a new station, with rule ids, and cannot judge staffing without a contract', async () => {
    const s = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102010',
      address: 'A',
    });
    const report = await stationCompliance(lixiaOfficial, s.id, new Date('2026-11-25T02:00:00Z'));
    expect(report.compliant).toBe(false);
    expect(new Set(report.flags.map((f) => f.rule))).toEqual(
      new Set(['R5.1', 'R5.2', 'R9.1', 'R4.1', 'R9.2', 'R14.1', 'R6.1', 'R7.1']),
    );
    // No contract yet: staffing and key domains cannot be judged.
    expect(report.flags.find((f) => f.code === 'STAFFING_AGAINST_CONTRACT')?.status).toBe('unknown');
    expect(report.flags.find((f) => f.code === 'OFFICE_AREA_PER_WORKER')?.status).toBe('unknown');
    // The regulation's policy ended 2023-03-07: rules still answer, with a warning (R30.1).
    expect(report.policyWarning?.code).toBe('NO_POLICY_IN_FORCE');
  });

  it('stores areas exactly and refuses a shared office area (R5.2)', async () => {
    const s = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102011',
      address: 'A',
    });
    const site = {
      location: { transport: '公交 K51', accessibility: '一楼无台阶' },
      equipment: { desks: 4, computers: 4, printers: 1 },
      functionalAreas: [{ kind: 'office' as const, areaHundredthsM2: 2555, shared: false }],
    };
    const saved = await setStationSite(actor(lixiaOfficial), s.id, 1, site);
    expect(saved.site?.functionalAreas[0]?.areaHundredthsM2).toBe(2555);
    const shared = setStationSite(actor(lixiaOfficial), s.id, 2, {
      ...site,
      functionalAreas: [{ kind: 'office', areaHundredthsM2: 2000, shared: true }],
    });
    expect(await codeOf(shared)).toBe('422 OFFICE_AREA_SHARED');
  });
});
