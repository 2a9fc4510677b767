import { describe, expect, it } from 'vitest';
import { type District, officeName } from '#shared/domain/divisions/division';

const divisions: District[] = [
  {
    code: '370102',
    name: '历下区',
    streets: [{ code: '370102001', name: '解放路街道' }],
  },
  { code: '370181', name: '章丘区', streets: [{ code: '370181100', name: '官庄镇' }] },
];

describe('the office a role acts as, as a clerk names it', () => {
  it('names the district bureaus, the street office, a town government and the city bureaus', () => {
    expect(officeName(divisions, 'district_civil_affairs', { district: '370102' })).toBe('历下区民政局');
    expect(officeName(divisions, 'district_finance', { district: '370102' })).toBe('历下区财政局');
    expect(officeName(divisions, 'street_office', { street: '370102001' })).toBe('解放路街道办事处');
    expect(officeName(divisions, 'street_office', { street: '370181100' })).toBe('官庄镇人民政府');
    expect(officeName(divisions, 'city_civil_affairs', {})).toBe('济南市民政局');
  });

  it('names none for an organisation’s role or a code that is not a division', () => {
    expect(officeName(divisions, 'operator', { district: '370102' })).toBeUndefined();
    expect(officeName(divisions, 'district_civil_affairs', { district: '370199' })).toBeUndefined();
  });
});
