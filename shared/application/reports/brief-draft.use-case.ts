import { getContract, listWorkers } from '#shared/adapters/dynamodb/contracts.repository';
import { listRecords } from '#shared/adapters/dynamodb/records.repository';
import { getSlot } from '#shared/adapters/dynamodb/reports.repository';
import {
  monthServiceRecords,
  monthVolunteerHours,
  queryCases,
} from '#shared/adapters/dynamodb/service-records.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import { makeDocx, makeEmbeddedPdf } from '#shared/documents/chinese-documents';
import type { Principal } from '#shared/domain/access/roles';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { inForceDuring } from '#shared/domain/contracts/contract';
import type { SupervisionSession } from '#shared/domain/contracts/supervision';
import { DomainError, notFound } from '#shared/domain/errors';
import { reportTemplate } from '#shared/domain/policy/policy';
import { type BriefFigures, composeBriefDraft } from '#shared/domain/reports/brief-draft';
import { slotScope } from '#shared/domain/reports/report-slot';
import type { Case } from '#shared/domain/services/case';
import { assertInScope } from '../access';
import { policyOn } from '../policy/policies.use-case';

/**
 * Issue 19 item 3: a monthly brief's draft generated from the month's service records. It lives apart from the
 * other report use cases so that only its route's bundle carries the document libraries (pdf-lib, fontkit, docx)
 * and the font.
 */

export const DRAFT_FORMATS = ['docx', 'pdf'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];
const CONTENT_TYPES: Readonly<Record<DraftFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface BriefDraftFile {
  readonly slotId: string;
  readonly format: DraftFormat;
  readonly fileName: string;
  readonly contentType: string;
  readonly contentBase64: string;
  readonly generatedFrom: BriefFigures & { readonly policyId: string };
}

/**
 * The draft of a monthly brief, for whoever may read the slot among the route's roles (the operator of its contract,
 * its district).
 *
 * 1. The slot, within the caller's scope (404 when missing); only a monthly brief has a draft (404 otherwise).
 * 2. Its contract was in force in the month (409 otherwise: a month after a termination has no service to report).
 * 3. The month's records of that contract (the station+month index), its cases, the station's volunteer hours of
 *    the month, the contract's supervision sessions and the roster's names.
 * 4. The template's headings of the policy in force today: the day the operator would upload it, whose policy the
 *    validation applies (R9.4).
 * 5. Composed by the domain, rendered as DOCX (to edit) or PDF (Chinese font embedded). Nothing is written: a
 *    draft is not a submission, and it names no recipient.
 */
export async function briefDraft(
  principal: Principal,
  slotId: string,
  format: DraftFormat,
  now: Date,
): Promise<BriefDraftFile> {
  const slot = await getSlot(slotId);
  if (!slot) throw notFound('报告');
  assertInScope(principal, slotScope(slot));
  if (slot.kind !== 'monthly_brief' || !slot.contractId || !slot.stationId) {
    throw new DomainError(
      'NOT_A_MONTHLY_BRIEF',
      404,
      '该报告没有可生成的草稿',
      '只有月度工作简报可以由服务记录生成草稿；中期、终期等报告请按模板自行撰写。',
      { rule: 'R9.3' },
    );
  }
  const [contract, station] = await Promise.all([getContract(slot.contractId), getStation(slot.stationId)]);
  if (!contract || !station) throw notFound('服务合同');
  if (!inForceDuring(contract, slot.period)) {
    throw new DomainError(
      'NO_CONTRACT_IN_FORCE',
      409,
      '该月没有生效的服务合同',
      `${slot.title}所属的服务合同在 ${slot.period.start} 至 ${slot.period.end} 期间未生效，没有可汇总的服务记录。`,
      { rule: 'R9.3' },
    );
  }
  const period = slot.period;
  const month = period.start.slice(0, 7);
  const within = (d: string) => d >= period.start && d <= period.end;
  const [records, cases, volunteerHours, sessions, workers, policy] = await Promise.all([
    monthServiceRecords(station.id, month),
    allCases(station.id),
    monthVolunteerHours(station.id, month),
    listRecords<SupervisionSession>(`CONTRACT#${contract.id}`, 'supervision', period.start),
    listWorkers(station.id, contract.id),
    policyOn(shanghaiDate(now)),
  ]);
  const draft = composeBriefDraft({
    title: slot.title,
    stationName: station.standardName,
    operatorName: contract.operator.name,
    period,
    headings: reportTemplate(policy.version.parameters, 'monthly_brief'),
    records: records.filter((r) => r.contractId === contract.id && within(r.date)),
    cases: cases.filter((c) => c.contractId === contract.id),
    volunteerHours: volunteerHours.filter((v) => within(v.date)),
    supervision: sessions.filter((s) => within(s.heldOn)),
    workerNames: new Map(workers.map((w) => [w.id, w.name])),
  });
  const bytes = format === 'pdf' ? await makeEmbeddedPdf(draft.lines) : await makeDocx(draft.lines);
  return {
    slotId: slot.id,
    format,
    fileName: `${station.standardName}${slot.title.replace(/\s+/g, '')}（草稿）.${format}`,
    contentType: CONTENT_TYPES[format],
    contentBase64: Buffer.from(bytes).toString('base64'),
    generatedFrom: { ...draft.figures, policyId: policy.version.id },
  };
}

async function allCases(stationId: string): Promise<Case[]> {
  const cases: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryCases(stationId, 100, cursor);
    cases.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return cases;
}
