import { type ArchiveDocument, getArchiveDocuments } from '#shared/adapters/dynamodb/archives.repository';
import { getContract, queryContracts } from '#shared/adapters/dynamodb/contracts.repository';
import { evaluationsOfDistrict } from '#shared/adapters/dynamodb/evaluations.repository';
import { ledgerOf } from '#shared/adapters/dynamodb/funds.repository';
import { serviceRecordsOf } from '#shared/adapters/dynamodb/handover.repository';
import { getSlotDetail, querySlots } from '#shared/adapters/dynamodb/reports.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import type { Principal } from '#shared/domain/access/roles';
import { type ArchiveCategory, retainUntil } from '#shared/domain/archives/retention';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import { notFound, outOfScope } from '#shared/domain/errors';
import { SERVICE_RECORD_NAMES } from '#shared/domain/handover/handover';
import type { ReportSlot } from '#shared/domain/reports/report-slot';
import { archiveHolder } from '../handover/handover.use-case';
import { policyOn } from '../policy/policies.use-case';

/**
 * R10.1: the archive catalogue of a contract: every document the system holds for it, with its archive category
 * and the date it must be kept until (accounting vouchers: the policy's accounting years after the year of the
 * expense; reports, evaluation reports and service records: the evaluation-material years after the service
 * period). Nothing in the catalogue can be deleted through the API.
 */
export interface ArchiveEntry {
  readonly category: ArchiveCategory;
  readonly title: string;
  readonly key: string;
  readonly date: IsoDate;
  readonly retainUntil: IsoDate;
  readonly sensitive: boolean;
  readonly source: { readonly type: string; readonly id: string };
  /** The Object Lock copy: pending until the archive-copies job has made it (hourly). */
  readonly archive: { readonly status: ArchiveDocument['status']; readonly lockedUntil?: IsoDate };
}
type CatalogueItem = Omit<ArchiveEntry, 'archive'>;

async function reportEntries(slots: readonly ReportSlot[], retainUntil: IsoDate, category: ArchiveCategory) {
  const entries: CatalogueItem[] = [];
  for (const slot of slots) {
    const detail = await getSlotDetail(slot.id);
    for (const s of detail?.submissions ?? []) {
      if (s.outcome !== 'passed') continue;
      entries.push({
        category,
        title: slot.title,
        key: s.key,
        date: s.uploadedOn,
        retainUntil,
        sensitive: false,
        source: { type: 'report', id: slot.id },
      });
    }
  }
  return entries;
}

/** Who may read the catalogue: the archive holder, the purchaser, auditors of the district and the city. */
function assertCatalogueReader(p: Principal, c: Contract): void {
  const ok =
    (p.roles.includes('operator') && p.org === archiveHolder(c)) ||
    ((p.roles.includes('district_civil_affairs') || p.roles.includes('auditor')) &&
      p.district === c.districtCode) ||
    p.roles.includes('city_civil_affairs');
  if (!ok) throw outOfScope();
}

export async function archiveCatalogue(principal: Principal, contractId: string) {
  const contract = await getContract(contractId);
  if (!contract) throw notFound('服务合同');
  assertCatalogueReader(principal, contract);
  const retention = (await policyOn(contract.servicePeriod.end)).version.parameters.retention;
  const periodEnd = contract.servicePeriod.end;
  const serviceUntil = retainUntil('service_report', { date: periodEnd, periodEnd }, retention);
  const slots: ReportSlot[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await querySlots({
      org: contract.operator.orgId,
      contractId,
      limit: 100,
      ...(start ? { start } : {}),
    });
    slots.push(...page.items);
    start = page.lastKey;
  } while (start);
  const evaluationSlots = (await evaluationsOfDistrict(contract.districtCode))
    .filter((e) => e.contractId === contractId)
    .map(
      (e) =>
        ({ id: e.reportSlotId, title: `第三方评估报告（第 ${e.serviceYear.n} 服务年度）` }) as ReportSlot,
    );
  const [reports, evaluations, ledger, records, documents] = await Promise.all([
    reportEntries(slots, serviceUntil, 'service_report'),
    reportEntries(evaluationSlots, serviceUntil, 'evaluation_report'),
    ledgerOf(contractId),
    serviceRecordsOf(contractId),
    getArchiveDocuments(contractId),
  ]);
  const held = new Map(documents.map((d) => [d.key, d]));
  const entries: CatalogueItem[] = [
    ...reports,
    ...evaluations,
    ...ledger.map((e) => ({
      category: 'accounting' as const,
      title: e.description,
      key: e.voucherKey,
      date: e.spentOn,
      // 会计凭证: kept the accounting years after the end of the year of the expense.
      retainUntil: retainUntil('accounting', { date: e.spentOn }, retention),
      sensitive: false,
      source: { type: 'ledger-entry', id: e.id },
    })),
    ...records.map((r) => ({
      category: 'service_record' as const,
      title: `${SERVICE_RECORD_NAMES[r.kind]}：${r.title}`,
      key: r.key,
      date: r.uploadedAt.slice(0, 10),
      retainUntil: r.retainUntil,
      sensitive: r.sensitive,
      source: { type: 'service-record', id: r.id },
    })),
    ...documents
      .filter((d) => d.category === 'handover')
      .map((d) => ({
        category: 'handover' as const,
        title: d.title,
        key: d.key,
        date: d.date,
        retainUntil: retainUntil('handover', { date: d.date, periodEnd }, retention),
        sensitive: false,
        source: { type: 'handover-agreement', id: d.key.split('/')[1] ?? '' },
      })),
  ];
  return {
    contractId,
    holder: archiveHolder(contract),
    entries: entries.map((e) => {
      const doc = held.get(e.key);
      return {
        ...e,
        archive: doc
          ? { status: doc.status, ...(doc.retainUntil ? { lockedUntil: doc.retainUntil } : {}) }
          : { status: 'pending' as const },
      };
    }),
  };
}

/**
 * `GET /archives`: the catalogue of one contract, or those of every contract of a station the reader may see
 * (an operator sees the contracts whose archives it holds; a station's district, its auditors and the city all).
 */
export async function archiveCatalogues(
  principal: Principal,
  query: { contractId?: string; stationId?: string },
) {
  if (query.contractId) return { items: [await archiveCatalogue(principal, query.contractId)] };
  const station = query.stationId ? await getStation(query.stationId) : undefined;
  if (!station) throw notFound('社工站');
  const contracts: Contract[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryContracts({
      district: station.districtCode,
      street: station.streetCode,
      stationId: station.id,
      limit: 100,
      ...(start ? { start } : {}),
    });
    contracts.push(...page.items);
    start = page.lastKey;
  } while (start);
  const readable = contracts.filter((c) => {
    try {
      assertCatalogueReader(principal, c);
      return true;
    } catch {
      return false;
    }
  });
  const districtReader =
    principal.roles.includes('city_civil_affairs') ||
    ((principal.roles.includes('district_civil_affairs') || principal.roles.includes('auditor')) &&
      principal.district === station.districtCode);
  if (readable.length === 0 && !districtReader) throw outOfScope();
  const items = [];
  for (const c of readable) items.push(await archiveCatalogue(principal, c.id));
  return { items };
}
