import { describe, expect, it } from 'vitest';
import { type DirectoryContract, directoryEntry, districtCounts } from '#shared/domain/stations/directory';
import type { Station } from '#shared/domain/stations/station';

const station: Station = {
  id: '01JZ0000000000000000000000',
  districtCode: '370102',
  districtName: '历下区',
  streetCode: '370102001',
  streetName: '解放路街道',
  standardName: '历下区解放路街道社会工作服务站',
  address: '解放路 1 号',
  keyTargetGroups: ['困境儿童'],
  status: 'active',
  signage: {
    outdoor: { present: true, photoKeys: ['photos/outdoor.jpg'] },
    indoor: { present: true, photoKeys: ['photos/indoor.jpg'] },
  },
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const contract = (over: Partial<DirectoryContract> = {}): DirectoryContract => ({
  operator: { orgId: 'org-op-a', name: '阳光社工', kind: 'social_organization' },
  servicePeriod: { start: '2026-03-01', end: '2028-02-29' },
  status: 'active',
  keyDomains: { '1': ['social_assistance', 'elderly_services'], '2': ['child_welfare', 'social_affairs'] },
  ...over,
});

describe('a station in the public directory', () => {
  it('takes the key domains of the service year the day falls in (R4.1)', () => {
    expect(directoryEntry(station, contract(), '2027-02-28').focusDomains.map((d) => d.name)).toEqual([
      '社会救助',
      '养老服务',
    ]);
    const second = directoryEntry(station, contract(), '2027-03-01');
    expect(second.serviceYear).toEqual({ n: 2, start: '2027-03-01', end: '2028-02-29' });
    expect(second.focusDomains.map((d) => d.code)).toEqual(['child_welfare', 'social_affairs']);
  });

  it('names the operator by name only, and nothing of the signage photos or versions', () => {
    const entry = directoryEntry(station, contract(), '2026-11-25');
    expect(entry.operator).toEqual({ name: '阳光社工' });
    expect(JSON.stringify(entry)).not.toMatch(/org-op-a|photos\/|version/);
  });

  it('names no operator and no domains for a contract that is no longer active, or outside its period', () => {
    const ended = directoryEntry(station, contract({ status: 'terminated' }), '2026-11-25');
    expect(ended).not.toHaveProperty('operator');
    expect(ended.focusDomains).toEqual([]);
    const before = directoryEntry(station, contract(), '2026-02-28');
    expect(before).not.toHaveProperty('serviceYear');
    expect(before.focusDomains).toEqual([]);
  });
});

describe('the directory’s counts per district', () => {
  it('lists every district, those without a station as 0, and adds them up', () => {
    const out = districtCounts(
      [
        { code: '370102', name: '历下区' },
        { code: '370103', name: '市中区' },
        { code: '370116', name: '莱芜区' },
      ],
      new Map([
        ['370102', 4],
        ['370116', 1],
      ]),
    );
    expect(out).toEqual({
      total: 5,
      districts: [
        { code: '370102', name: '历下区', stations: 4 },
        { code: '370103', name: '市中区', stations: 0 },
        { code: '370116', name: '莱芜区', stations: 1 },
      ],
    });
  });
});
