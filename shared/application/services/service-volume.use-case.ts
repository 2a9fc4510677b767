import { queryRecipients } from '#shared/adapters/dynamodb/recipients.repository';
import {
  casesOpenedBy,
  everyPage,
  serviceRecordsOfMonths,
  stationVolunteers,
  volunteerHoursOfMonths,
} from '#shared/adapters/dynamodb/service-records.repository';
import { queryStations } from '#shared/adapters/dynamodb/stations.repository';
import { compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import {
  addServiceVolumes,
  type CountedHandoverKind,
  handoverRecordCounts,
  monthsOf,
  type Period,
  type ServiceVolume,
  type StationServiceFacts,
  serviceVolume,
} from '#shared/domain/services/service-volume';
import type { Station } from '#shared/domain/stations/station';

/**
 * Reads what the service records feed (issue 19 item 3), through the indexes only (no Scan): a station's records
 * and volunteer hours by station+month partition, its cases by station up to the period's end, its registers by
 * station. The callers check the reader's scope first.
 */

/**
 * A station's records, cases and volunteer hours of a period's months, through its partitions; with `contractId`,
 * only that contract's records and cases (volunteer hours belong to the station, not a contract).
 */
export async function stationFacts(
  stationId: string,
  period: Period,
  contractId?: string,
): Promise<StationServiceFacts> {
  const months = monthsOf(period);
  const [records, cases, volunteerHours] = await Promise.all([
    serviceRecordsOfMonths(stationId, months),
    casesOpenedBy(stationId, period.to),
    volunteerHoursOfMonths(stationId, months),
  ]);
  const ofContract = <T extends { contractId: string }>(items: T[]) =>
    contractId ? items.filter((i) => i.contractId === contractId) : items;
  return { records: ofContract(records), cases: ofContract(cases), volunteerHours };
}

/** One station's service volume in a period. */
export async function stationVolume(stationId: string, period: Period): Promise<ServiceVolume> {
  return serviceVolume(await stationFacts(stationId, period), period);
}

async function stationsOf(district: string): Promise<Station[]> {
  return everyPage((cursor) =>
    queryStations({ districts: [district], limit: 100, ...(cursor ? { cursor } : {}) }),
  );
}

export interface StationVolume extends ServiceVolume {
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
}

export interface DistrictVolume extends ServiceVolume {
  readonly districtCode: string;
}

/** Service volume per station, per district and in all, for the period: what performance and timeliness show. */
export interface ServiceVolumeView {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly total: ServiceVolume;
  readonly byDistrict: readonly DistrictVolume[];
  readonly byStation: readonly StationVolume[];
}

/** A few stations at a time: each reads a partition per month, and the store is shared with everyone else. */
const BATCH = 4;

export async function serviceVolumeOf(
  districts: readonly string[],
  period: Period,
): Promise<ServiceVolumeView> {
  const byDistrict: DistrictVolume[] = [];
  const byStation: StationVolume[] = [];
  for (const districtCode of [...districts].sort()) {
    const stations = await stationsOf(districtCode);
    const rows: StationVolume[] = [];
    for (let i = 0; i < stations.length; i += BATCH) {
      rows.push(
        ...(await Promise.all(
          stations.slice(i, i + BATCH).map(async (s) => ({
            stationId: s.id,
            districtCode: s.districtCode,
            streetCode: s.streetCode,
            ...(await stationVolume(s.id, period)),
          })),
        )),
      );
    }
    byStation.push(
      ...rows.sort((a, b) => (a.streetCode < b.streetCode ? -1 : a.streetCode > b.streetCode ? 1 : 0)),
    );
    byDistrict.push({ districtCode, ...addServiceVolumes(rows) });
  }
  return { from: period.from, to: period.to, total: addServiceVolumes(byDistrict), byDistrict, byStation };
}

/** The period whose records a contract's handover counts: its service period up to the exit date (R10.2). */
export const handoverPeriod = (contract: Pick<Contract, 'servicePeriod'>, exitOn: IsoDate): Period => ({
  from: contract.servicePeriod.start,
  to: compareDates(exitOn, contract.servicePeriod.end) < 0 ? exitOn : contract.servicePeriod.end,
});

/** R10.2: the handover list's counts computed from the exiting contract's records of its period. */
export async function handoverCountsOf(
  contract: Pick<Contract, 'id' | 'stationId' | 'servicePeriod'>,
  exitOn: IsoDate,
): Promise<{ period: Period; counts: Record<CountedHandoverKind, number> }> {
  const period = handoverPeriod(contract, exitOn);
  const [records, cases, recipients, volunteers] = await Promise.all([
    serviceRecordsOfMonths(contract.stationId, monthsOf(period)),
    casesOpenedBy(contract.stationId, period.to),
    everyPage((cursor) => queryRecipients(contract.stationId, 100, cursor)),
    stationVolunteers(contract.stationId),
  ]);
  return {
    period,
    counts: handoverRecordCounts({ records, cases, recipients, volunteers }, contract.id, period),
  };
}
