import { activeContractsOf, countActiveStations } from '#shared/adapters/dynamodb/directory.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import { queryStations } from '#shared/adapters/dynamodb/stations.repository';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import { type DirectoryEntry, directoryEntry, districtCounts } from '#shared/domain/stations/directory';

export interface DirectoryQuery {
  readonly district?: string;
  readonly street?: string;
  readonly limit: number;
  readonly cursor?: string;
}

const unknownDivision = (path: 'query.district' | 'query.street', what: string) =>
  new DomainError(
    'VALIDATION_FAILED',
    400,
    '请求参数不合法',
    `济南市没有这个${what}，请从区县、街道（镇）列表（GET /divisions）中选择。`,
    { errors: [{ path, message: `济南市没有这个${what}` }] },
  );

/**
 * The public directory of stations in operation (社工站名录), for anyone.
 * 1. Check the filters against Jinan's divisions: an unknown district or street is a 400, not an empty list.
 * 2. Page through the stations of the district (or of every district, in code order) through byDistrict, keeping
 *    only those in operation (status active).
 * 3. Read the page's active contracts by key, and show each station with its operator and the key domains of the
 *    contract's current service year (Asia/Shanghai date of `now`).
 */
export async function publicStations(q: DirectoryQuery, now: Date): Promise<Page<DirectoryEntry>> {
  const divisions = await listDivisions();
  const districtCode = q.district ?? q.street?.slice(0, 6);
  const district = districtCode ? divisions.find((d) => d.code === districtCode) : undefined;
  if (districtCode && !district) {
    throw unknownDivision(q.district ? 'query.district' : 'query.street', q.district ? '区县' : '街道（镇）');
  }
  if (q.street && !district?.streets.some((s) => s.code === q.street)) {
    throw unknownDivision('query.street', '街道（镇）');
  }
  const page = await queryStations({
    districts: district ? [district.code] : divisions.map((d) => d.code),
    ...(q.street ? { street: q.street } : {}),
    status: 'active',
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
  });
  const today = shanghaiDate(now);
  const contracts = await activeContractsOf(
    page.items.map((s) => s.id),
    today,
  );
  return {
    items: page.items.map((s) => directoryEntry(s, contracts.get(s.id), today)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** Stations in operation per district of Jinan, every district listed (0 where there is none), and the total. */
export async function publicStationSummary() {
  const divisions = await listDivisions();
  const counts = await Promise.all(
    divisions.map(async (d) => [d.code, await countActiveStations(d.code)] as const),
  );
  return districtCounts(divisions, new Map(counts));
}
