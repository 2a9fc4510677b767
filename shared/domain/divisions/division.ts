/** A district-level unit (区县级) of Jinan and its streets and towns (街道/镇), with official codes (R2.1). */
export interface Street {
  readonly code: string;
  readonly name: string;
}

export interface District {
  readonly code: string;
  readonly name: string;
  readonly streets: readonly Street[];
}

/** Looks up a street inside a district; undefined when the street is not in that district. */
export const findStreet = (districts: readonly District[], districtCode: string, streetCode: string) => {
  const district = districts.find((d) => d.code === districtCode);
  const street = district?.streets.find((s) => s.code === streetCode);
  return district && street ? { district, street } : undefined;
};

/**
 * The office a district-wide or street role acts as, as a clerk names it (历下区民政局, 历下区财政局, 解放路街道办事处,
 * 济南市民政局), from the role and its scope; undefined for a role or scope it cannot name (an organisation's role, or a
 * code not among the divisions).
 */
export function officeName(
  districts: readonly District[],
  role: string,
  scope: { readonly district?: string; readonly street?: string },
): string | undefined {
  if (role === 'city_civil_affairs') return '济南市民政局';
  if (role === 'city_finance') return '济南市财政局';
  const district = districts.find((d) => d.code === scope.district);
  if (role === 'district_civil_affairs') return district ? `${district.name}民政局` : undefined;
  if (role === 'district_finance') return district ? `${district.name}财政局` : undefined;
  if (role === 'street_office' && scope.street) {
    const found = findStreet(districts, scope.street.slice(0, 6), scope.street);
    if (!found) return undefined;
    const name = found.street.name;
    return name.endsWith('镇') ? `${name}人民政府` : `${name}办事处`;
  }
  return undefined;
}
