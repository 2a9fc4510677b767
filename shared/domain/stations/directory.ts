import { compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { type Contract, isLive } from '#shared/domain/contracts/contract';
import {
  SERVICE_DOMAIN_NAMES,
  type ServiceDomain,
  serviceYears,
} from '#shared/domain/contracts/service-domains';
import type { Station } from './station';

/**
 * A station as the public directory (社工站名录) shows it: where it is, its standard name (R6.1), who runs it and the
 * key service domains (R4.1) of the current service year of its active contract. Nothing about people: no roster,
 * no contact of a worker, no document keys.
 */
export interface DirectoryEntry {
  readonly id: string;
  readonly standardName: string;
  readonly districtCode: string;
  readonly districtName: string;
  readonly streetCode: string;
  readonly streetName: string;
  readonly address: string;
  readonly openedOn?: IsoDate;
  readonly featuredBrand?: string;
  readonly keyTargetGroups: readonly string[];
  /** The operator of the station's active contract (R3.1); absent while the station has none. */
  readonly operator?: { readonly name: string };
  /** The contract's service year that contains `today`, when there is one. */
  readonly serviceYear?: { readonly n: number; readonly start: IsoDate; readonly end: IsoDate };
  /** R4.1 key domains chosen for that service year, with their 附件1 names; empty until chosen. */
  readonly focusDomains: readonly { readonly code: ServiceDomain; readonly name: string }[];
}

/** The part of a contract the directory reads. */
export type DirectoryContract = Pick<Contract, 'operator' | 'servicePeriod' | 'keyDomains' | 'status'>;

/**
 * The directory entry of a station in operation, from the station and its active contract (if any) as of `today`.
 * A contract that is not live — not active, or past its end date (R3.1) — names no operator.
 */
export function directoryEntry(
  station: Station,
  contract: DirectoryContract | undefined,
  today: IsoDate,
): DirectoryEntry {
  const active = contract && isLive(contract, today) ? contract : undefined;
  const year = active
    ? serviceYears(active.servicePeriod).find(
        (y) => compareDates(y.start, today) <= 0 && compareDates(today, y.end) <= 0,
      )
    : undefined;
  const domains = (year && active?.keyDomains?.[String(year.n)]) || [];
  return {
    id: station.id,
    standardName: station.standardName,
    districtCode: station.districtCode,
    districtName: station.districtName,
    streetCode: station.streetCode,
    streetName: station.streetName,
    address: station.address,
    ...(station.openedOn ? { openedOn: station.openedOn } : {}),
    ...(station.featuredBrand ? { featuredBrand: station.featuredBrand } : {}),
    keyTargetGroups: [...station.keyTargetGroups],
    ...(active ? { operator: { name: active.operator.name } } : {}),
    ...(year ? { serviceYear: year } : {}),
    focusDomains: domains.map((code) => ({ code, name: SERVICE_DOMAIN_NAMES[code] })),
  };
}

/** Stations in operation per district, every district of the city listed, those with none as 0. */
export function districtCounts(
  districts: readonly { readonly code: string; readonly name: string }[],
  counts: ReadonlyMap<string, number>,
): { total: number; districts: { code: string; name: string; stations: number }[] } {
  const rows = districts.map((d) => ({ code: d.code, name: d.name, stations: counts.get(d.code) ?? 0 }));
  return { total: rows.reduce((n, r) => n + r.stations, 0), districts: rows };
}
