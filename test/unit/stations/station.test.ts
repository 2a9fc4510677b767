import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import { assessCompliance } from '#shared/domain/stations/compliance';
import {
  checkFunctionalAreas,
  type Station,
  standardStationName,
  transitionStation,
} from '#shared/domain/stations/station';

const station = (over: Partial<Station> = {}): Station => ({
  id: '01JZ0000000000000000000000',
  districtCode: '370102',
  districtName: '历下区',
  streetCode: '370102001',
  streetName: '解放路街道',
  standardName: '历下区解放路街道社会工作服务站',
  address: '解放路 1 号',
  keyTargetGroups: [],
  status: 'active',
  version: 1,
  createdAt: '2026-11-25T00:00:00.000Z',
  updatedAt: '2026-11-25T00:00:00.000Z',
  ...over,
});

const withOffice = (areaHundredthsM2: number): Partial<Station> => ({
  site: {
    location: { transport: 'K51', accessibility: '坡道' },
    equipment: { desks: 1, computers: 1, printers: 1 },
    functionalAreas: [{ kind: 'office', areaHundredthsM2, shared: false }],
  },
});

const officeFlag = (s: Station, staff: number) =>
  assessCompliance(s, { staffOnRoster: staff, officeAreaPerWorkerMinHundredthsM2: 500 }).find(
    (f) => f.code === 'OFFICE_AREA_PER_WORKER',
  );

describe('station rules', () => {
  it('derives the standard name as {区县}{街道/镇}社会工作服务站 (R6.1)', () => {
    expect(standardStationName('章丘区', '明水街道')).toBe('章丘区明水街道社会工作服务站');
    expect(standardStationName('平阴县', '东阿镇')).toBe('平阴县东阿镇社会工作服务站');
  });

  it('allows suspending and closing, and never reopening a closed station', () => {
    expect(transitionStation('active', 'suspended')).toBe('suspended');
    expect(transitionStation('suspended', 'closed')).toBe('closed');
    expect(() => transitionStation('closed', 'active')).toThrowError(DomainError);
  });

  it('passes an office of exactly 5 m² per social worker (boundary, R5.2)', () => {
    expect(officeFlag(station(withOffice(2000)), 4)?.status).toBe('ok');
  });

  it('flags an office 0.01 m² short of 5 m² per social worker (R5.2)', () => {
    const flag = officeFlag(station(withOffice(1999)), 4);
    expect(flag?.status).toBe('flag');
    expect(flag?.detail).toContain('19.99');
  });

  it('flags the station when a new hire pushes the office below 5 m² per worker', () => {
    const s = station(withOffice(2500));
    expect(officeFlag(s, 5)?.status).toBe('ok');
    expect(officeFlag(s, 6)?.status).toBe('flag');
  });

  it('says it cannot judge the area per worker while the roster is empty', () => {
    expect(officeFlag(station(withOffice(2500)), 0)?.status).toBe('unknown');
  });

  it('flags each missing work system by name (R7.1)', () => {
    const flags = assessCompliance(
      station({ workSystems: { finance: { title: '财务', documentKey: 'a.pdf', adoptedOn: '2026-01-01' } } }),
      { staffOnRoster: 0, officeAreaPerWorkerMinHundredthsM2: 500 },
    ).filter((f) => f.rule === 'R7.1');
    expect(flags.filter((f) => f.status === 'flag').map((f) => f.code)).toEqual([
      'WORK_SYSTEM_PERSONNEL',
      'WORK_SYSTEM_VOLUNTEER',
      'WORK_SYSTEM_VENUE',
      'WORK_SYSTEM_ARCHIVE',
    ]);
  });

  it('flags a plaque that is up but has no photo (R6.1)', () => {
    const flags = assessCompliance(
      station({
        signage: {
          outdoor: { present: true, photoKeys: [] },
          indoor: { present: true, photoKeys: ['i.jpg'] },
        },
      }),
      { staffOnRoster: 0, officeAreaPerWorkerMinHundredthsM2: 500 },
    );
    expect(flags.find((f) => f.code === 'SIGNAGE_OUTDOOR_PLAQUE')).toMatchObject({
      status: 'flag',
      detail: '户外标牌缺少照片',
    });
    expect(flags.find((f) => f.code === 'SIGNAGE_INDOOR_PLAQUE')?.status).toBe('ok');
  });

  it('refuses a functional area listed twice', () => {
    expect(() =>
      checkFunctionalAreas([
        { kind: 'casework', areaHundredthsM2: 100, shared: false },
        { kind: 'casework', areaHundredthsM2: 200, shared: true },
      ]),
    ).toThrowError('功能区「个案工作区」填写了两次');
  });
});
