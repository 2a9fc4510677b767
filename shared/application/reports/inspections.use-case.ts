import { ulid } from 'ulid';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { appendRecordWrite, listRecords } from '#shared/adapters/dynamodb/records.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';
import { readableDistricts } from '../access';

/**
 * R20.1: the city civil affairs bureau, with the city finance bureau, inspects the station projects every year.
 * Each inspection of a district is an append-only record under the district, readable by the city and by that
 * district's civil affairs bureau.
 */
export interface Inspection {
  readonly id: string;
  readonly year: number;
  readonly districtCode: string;
  readonly inspectedOn: IsoDate;
  readonly stationIds: readonly string[];
  readonly inspectors: string;
  readonly findings: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

const owner = (district: string) => `DISTRICT#${district}`;

export async function recordInspection(
  actor: Actor,
  input: Omit<Inspection, 'id' | 'recordedBy' | 'recordedAt'>,
): Promise<Inspection> {
  if (!(await listDivisions()).some((d) => d.code === input.districtCode)) {
    throw new DomainError('UNKNOWN_DISTRICT', 422, '区县代码不是济南市的区县', undefined, {
      errors: [{ path: 'body.districtCode', message: '不是济南市的区县代码' }],
    });
  }
  if (Number(input.inspectedOn.slice(0, 4)) !== input.year) {
    throw new DomainError('INSPECTION_YEAR_MISMATCH', 422, '检查日期不在所填年度内', undefined, {
      rule: 'R20.1',
      errors: [{ path: 'body.inspectedOn', message: `应在 ${input.year} 年内` }],
    });
  }
  const inspection: Inspection = {
    id: ulid(actor.now.getTime()),
    ...input,
    recordedBy: actor.principal.username,
    recordedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [
      appendRecordWrite(
        owner(input.districtCode),
        'inspection',
        input.inspectedOn,
        inspection.id,
        inspection,
      ),
    ],
    [
      auditRecordOf(actor, {
        action: 'inspection.record',
        entity: { type: 'inspection', id: inspection.id },
        scope: { district: input.districtCode },
        after: inspection,
      }),
    ],
  );
  return inspection;
}

/** A year's inspections: the city's of any district (all by default), a district bureau's of its own. */
export async function listInspections(
  principal: Principal,
  q: { year: number; district?: string },
): Promise<Inspection[]> {
  const districts = await readableDistricts(principal, q.district);
  const all: Inspection[] = [];
  for (const d of districts) {
    const records = await listRecords<Inspection>(owner(d), 'inspection', `${q.year}-01-01`);
    all.push(...records.filter((r) => r.year === q.year));
  }
  return all;
}
