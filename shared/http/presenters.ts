import { formatHundredths, parseHundredths } from '#shared/domain/measure/hundredths';
import type { FunctionalArea, Station } from '#shared/domain/stations/station';

/** Station as the API shows it: areas as decimal strings of m², everything else as stored. */
export function stationView(s: Station) {
  return {
    ...s,
    ...(s.site
      ? {
          site: {
            ...s.site,
            functionalAreas: s.site.functionalAreas.map(({ areaHundredthsM2, ...rest }) => ({
              ...rest,
              areaM2: formatHundredths(areaHundredthsM2),
            })),
          },
        }
      : {}),
  };
}

/** Reads an API area (number or string of m², already validated) into hundredths. */
export const areaFromApi = (value: number | string): FunctionalArea['areaHundredthsM2'] =>
  parseHundredths(value) as number;
