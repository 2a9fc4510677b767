import { ulid } from 'ulid';
import { archiveDocumentOf, archiveDocumentWrite } from '#shared/adapters/dynamodb/archives.repository';
import { dependentWrites } from '#shared/adapters/dynamodb/calendar.repository';
import { getContract, updateContractWrites } from '#shared/adapters/dynamodb/contracts.repository';
import {
  createHandoverWrite,
  createServiceRecordWrite,
  dueHandovers,
  getHandover,
  type ServiceRecord,
  serviceRecordsOf,
  updateHandoverWrite,
} from '#shared/adapters/dynamodb/handover.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { presignDownload, presignUpload } from '#shared/adapters/s3/presign';
import { now as clockNow } from '#shared/clock';
import type { Principal } from '#shared/domain/access/roles';
import { retainUntil } from '#shared/domain/archives/retention';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import {
  assertReceivable,
  decideHandoverSteps,
  type Handover,
  type HandoverRecordCounts,
  handoverSchedule,
  SENSITIVE_KINDS,
  type ServiceRecordKind,
  standardItems,
  storedItems,
  transitionHandover,
  withHandoverState,
  withRecordCounts,
} from '#shared/domain/handover/handover';
import { nonWorkingDueDateRule } from '#shared/domain/policy/policy';
import type { Party } from '#shared/domain/reports/report-slot';
import { logger } from '#shared/http/logger';
import { assertInScope } from '../access';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { policyOn } from '../policy/policies.use-case';
import { type Notice, notificationWrites, notify } from '../reports/notifications.use-case';
import { handoverCountsOf } from '../services/service-volume.use-case';

const TTL = 300;
const EXT = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;
type DocType = keyof typeof EXT;

/** Who holds a contract's service archives now: the operator, or the next operator after a transfer (R10.2). */
export const archiveHolder = (c: Contract): string => c.archiveHolder?.orgId ?? c.operator.orgId;

/**
 * Sensitive service records (personal data of vulnerable people) are read only by the holder's staff, the
 * purchaser (district civil affairs) and auditors of the district; every read is logged in the audit trail.
 */
function assertArchiveReader(p: Principal, c: Contract): void {
  const holder = p.roles.includes('operator') && p.org === archiveHolder(c);
  const purchaser = p.roles.includes('district_civil_affairs') && p.district === c.districtCode;
  const auditor = p.roles.includes('auditor') && p.district === c.districtCode;
  if (!holder && !purchaser && !auditor) {
    logger.warn('access denied', { reason: 'service archives', sub: p.sub, contract: c.id });
    throw outOfScope();
  }
}

async function contractOf(id: string): Promise<Contract> {
  const contract = await getContract(id);
  if (!contract) throw notFound('服务合同');
  return contract;
}

/** R10.1: the holder uploads a service record; it is kept until the evaluation-material retention ends. */
export async function addServiceRecord(
  actor: Actor,
  contractId: string,
  input: { kind: ServiceRecordKind; title: string; contentType: DocType; bytes: number },
) {
  const contract = await contractOf(contractId);
  if (!actor.principal.org || actor.principal.org !== archiveHolder(contract)) throw outOfScope();
  const policy = await policyOn(contract.servicePeriod.end);
  const record: ServiceRecord = {
    id: ulid(actor.now.getTime()),
    contractId,
    districtCode: contract.districtCode,
    kind: input.kind,
    title: input.title,
    key: `service-records/${contractId}/${ulid(actor.now.getTime())}.${EXT[input.contentType]}`,
    contentType: input.contentType,
    sensitive: SENSITIVE_KINDS.includes(input.kind),
    // Evaluation-related material: the policy's years after the service period's end (R10.1), by the same rule
    // as its archive copy's lock (29 February lands on 1 March).
    retainUntil: retainUntil(
      'service_record',
      { date: shanghaiDate(actor.now), periodEnd: contract.servicePeriod.end },
      policy.version.parameters.retention,
    ),
    uploadedBy: actor.principal.username,
    uploadedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [
      createServiceRecordWrite(record),
      archiveDocumentWrite(archiveDocumentOf.serviceRecord(record, shanghaiDate(actor.now)), actor.now),
    ],
    [
      auditRecordOf(actor, {
        action: 'service-record.add',
        entity: { type: 'service-record', id: record.id },
        scope: { district: contract.districtCode, street: contract.streetCode },
        after: record,
      }),
    ],
  );
  return {
    record,
    upload: {
      url: await presignUpload(record.key, input.contentType, input.bytes, TTL),
      method: 'PUT' as const,
      headers: { 'content-type': input.contentType },
    },
  };
}

/** The contract's service archive catalogue (R10.1), for its holder, the purchaser and auditors. */
export async function listServiceRecords(principal: Principal, contractId: string) {
  const contract = await contractOf(contractId);
  assertArchiveReader(principal, contract);
  return { holder: archiveHolder(contract), items: await serviceRecordsOf(contractId) };
}

/** A presigned GET of one record; the read is an audit record of its own (who read which sensitive file, when). */
export async function readServiceRecord(actor: Actor, contractId: string, recordId: string) {
  const contract = await contractOf(contractId);
  assertArchiveReader(actor.principal, contract);
  const record = (await serviceRecordsOf(contractId)).find((r) => r.id === recordId);
  if (!record) throw notFound('服务档案');
  await commitWithAudit(
    [],
    [
      auditRecordOf(actor, {
        action: 'service-record.read',
        entity: { type: 'service-record', id: record.id },
        scope: { district: contract.districtCode, street: contract.streetCode },
        after: { kind: record.kind, sensitive: record.sensitive },
      }),
    ],
  );
  return {
    url: await presignDownload(
      record.key,
      `${record.title}.${EXT[record.contentType as DocType] ?? 'pdf'}`,
      TTL,
    ),
  };
}

/** The list's counts computed now from the exiting contract's records of its period (issue 19 item 3). */
async function liveRecordCounts(h: Handover, now: Date): Promise<HandoverRecordCounts> {
  const { period, counts } = await handoverCountsOf(await contractOf(h.contractId), h.exitOn);
  return { period, asOf: now.toISOString(), counts };
}

/** The handover as shown: the counts stored at signing, or computed now while the list is open. */
async function present(h: Handover, now: Date): Promise<Handover> {
  return withRecordCounts(h, h.recordCounts ?? (await liveRecordCounts(h, now)));
}

const audit = (h: Handover) => ({
  entity: { type: 'handover', id: h.id },
  scope: { district: h.districtCode, street: h.streetCode },
});

/**
 * R10.2: the district records the operator's exit; the handover is due N working days (policy) after the exit
 * date, with the standard list of archives to hand over.
 */
export async function recordExit(
  actor: Actor,
  contractId: string,
  input: { exitOn: IsoDate; reason: string; nextOperator?: { orgId: string; name: string } },
): Promise<Handover> {
  const contract = await contractOf(contractId);
  assertInScope(actor.principal, { district: contract.districtCode });
  if (contract.status === 'draft') {
    throw new DomainError(
      'CONTRACT_NOT_ACTIVE',
      409,
      '合同未生效，无退出移交',
      '草拟中的合同没有承接方在提供服务，无需办理退出移交。',
      { rule: 'R10.2' },
    );
  }
  const [policy, calendar] = await Promise.all([policyOn(input.exitOn), loadWorkingCalendar()]);
  const handover: Handover = withHandoverState(
    {
      id: ulid(actor.now.getTime()),
      contractId,
      contractNumber: contract.number,
      stationId: contract.stationId,
      districtCode: contract.districtCode,
      streetCode: contract.streetCode,
      exitingOrg: archiveHolder(contract),
      ...(input.nextOperator ? { nextOperator: input.nextOperator } : {}),
      exitOn: input.exitOn,
      reason: input.reason,
      ...handoverSchedule(
        input.exitOn,
        policy.version.parameters.handover.workingDays,
        calendar,
        nonWorkingDueDateRule(policy.version.parameters),
      ),
      items: standardItems(),
      signatures: {},
      status: 'open',
      version: 1,
      createdAt: actor.now.toISOString(),
    },
    shanghaiDate(actor.now),
  );
  const notes = notify(
    [{ role: 'operator', org: handover.exitingOrg }],
    {
      type: 'handover.deadline',
      title: `【档案移交】合同 ${contract.number}`,
      body: `承接方于 ${input.exitOn} 退出，请于 ${handover.deadlineOn} 前向购买方移交服务档案并签署移交协议书。`,
      subject: { type: 'contract', id: contractId },
    },
    actor.now,
  );
  await commitWithAudit(
    [
      createHandoverWrite(handover),
      // Issue 18: found again through the calendar years its deadline depends on when one is loaded or corrected.
      ...dependentWrites(`handover#${handover.id}`, handover.calendarYears ?? []),
      ...notificationWrites(notes),
    ],
    [auditRecordOf(actor, { action: 'handover.exit', ...audit(handover), after: handover })],
  );
  await deliverNotices(notes, actor.now);
  return present(handover, actor.now);
}

/** The district, the exiting and the next operator, and auditors of the district read a handover. */
export async function readHandover(principal: Principal, id: string): Promise<Handover> {
  const h = await getHandover(id);
  if (!h) throw notFound('档案移交');
  assertInScope(principal, {
    district: h.districtCode,
    orgs: [h.exitingOrg, ...(h.nextOperator ? [h.nextOperator.orgId] : [])],
  });
  // Issue 18: overdue and nextActionOn as of today, by the rule the writes store them with.
  const now = clockNow();
  return present(withHandoverState(h, shanghaiDate(now)), now);
}

async function changeHandover(
  actor: Actor,
  id: string,
  version: number,
  action: string,
  apply: (h: Handover) => Handover,
  extra: (h: Handover) => Promise<ReturnType<typeof updateContractWrites>> = async () => [],
) {
  const before = await getHandover(id);
  if (!before) throw notFound('档案移交');
  if (before.version !== version) throw versionConflict();
  const applied = apply(before);
  const after = withHandoverState(
    { ...applied, items: storedItems(applied.items), version: before.version + 1 },
    shanghaiDate(actor.now),
  );
  await commitWithAudit(
    [updateHandoverWrite(before, after), ...(await extra(after))],
    [auditRecordOf(actor, { action, ...audit(before), before: { status: before.status }, after })],
  );
  return present(after, actor.now);
}

const assertExiting = (p: Principal, h: Handover) => {
  if (!p.roles.includes('operator') || p.org !== h.exitingOrg) throw outOfScope();
};
const assertPurchaser = (p: Principal, h: Handover) => assertInScope(p, { district: h.districtCode });

/**
 * The exiting operator fills the handover list, item by item: that the kind is handed over, and how many paper files
 * or volumes of it (纸质档案); what the system holds as records is counted from them, never typed (issue 19).
 */
export function recordItem(
  actor: Actor,
  id: string,
  kind: ServiceRecordKind,
  input: { version: number; paperCount: number; note?: string },
) {
  return changeHandover(actor, id, input.version, 'handover.item', (h) => {
    assertExiting(actor.principal, h);
    if (h.status !== 'open')
      throw new DomainError(
        'HANDOVER_LIST_CLOSED',
        409,
        '移交清单已签署，不能再修改',
        '移交协议书经双方签署后，移交清单即锁定。',
        {
          rule: 'R10.2',
        },
      );
    return {
      ...h,
      items: h.items.map(({ count: legacy, ...i }) =>
        i.kind === kind
          ? {
              ...i,
              handed: true,
              paperCount: input.paperCount,
              ...(input.note ? { note: input.note } : {}),
              handedAt: actor.now.toISOString(),
            }
          : { ...i, ...(i.paperCount === undefined && legacy !== undefined ? { paperCount: legacy } : {}) },
      ),
    };
  });
}

/** The exiting operator uploads the signed handover agreement (移交协议书). */
export async function agreementUpload(
  actor: Actor,
  id: string,
  input: { version: number; contentType: DocType; bytes: number },
) {
  const key = `handover/${id}/agreement-${ulid(actor.now.getTime())}.${EXT[input.contentType]}`;
  const after = await changeHandover(
    actor,
    id,
    input.version,
    'handover.agreement',
    (h) => {
      assertExiting(actor.principal, h);
      if (h.status !== 'open')
        throw new DomainError(
          'HANDOVER_LIST_CLOSED',
          409,
          '移交协议书已签署',
          '移交协议书已经双方签署，不能更换。',
          { rule: 'R10.2' },
        );
      return { ...h, agreementKey: key, signatures: {} };
    },
    async (h) => [
      archiveDocumentWrite(archiveDocumentOf.handoverAgreement(h, key, shanghaiDate(actor.now)), actor.now),
    ],
  );
  return {
    handover: after,
    upload: {
      url: await presignUpload(key, input.contentType, input.bytes, TTL),
      method: 'PUT' as const,
      headers: { 'content-type': input.contentType },
    },
  };
}

/**
 * Each side signs the uploaded agreement; with both signatures the list is closed, and its counts computed from the
 * records are kept as they were signed (issue 19 item 3).
 */
export async function signAgreement(actor: Actor, id: string, version: number) {
  const current = await getHandover(id);
  const counts = current && !current.recordCounts ? await liveRecordCounts(current, actor.now) : undefined;
  return changeHandover(actor, id, version, 'handover.sign', (h) => {
    // Who may sign is checked first: another scope learns nothing of the handover's state.
    const p = actor.principal;
    const side = p.roles.includes('operator') ? 'operator' : 'purchaser';
    if (side === 'operator') assertExiting(p, h);
    else assertPurchaser(p, h);
    if (!h.agreementKey)
      throw new DomainError(
        'AGREEMENT_MISSING',
        409,
        '请先上传移交协议书',
        '签署前须先由退出的承接方上传移交协议书。',
        { rule: 'R10.2' },
      );
    const signatures = { ...h.signatures, [side]: `${p.username} ${actor.now.toISOString()}` };
    const both = signatures.operator && signatures.purchaser;
    return {
      ...h,
      signatures,
      status: both ? transitionHandover(h.status, 'signed') : h.status,
      ...(both && counts && !h.recordCounts ? { recordCounts: counts } : {}),
    };
  });
}

/** The purchaser confirms receipt: every item handed, the agreement uploaded and signed by both. */
export function confirmReceipt(actor: Actor, id: string, version: number) {
  return changeHandover(actor, id, version, 'handover.receive', (h) => {
    assertPurchaser(actor.principal, h);
    assertReceivable(h);
    const { nextActionOn: _n, ...rest } = h;
    return { ...rest, status: transitionHandover(h.status, 'received'), receivedAt: actor.now.toISOString() };
  });
}

/**
 * The purchaser passes the archives to the next operator: the contract's archive holder changes in the same
 * transaction, so from now on the next operator reads the service records and the exiting one does not.
 */
export function transferArchives(
  actor: Actor,
  id: string,
  input: { version: number; nextOperator?: { orgId: string; name: string } },
) {
  return changeHandover(
    actor,
    id,
    input.version,
    'handover.transfer',
    (h) => {
      assertPurchaser(actor.principal, h);
      const next = input.nextOperator ?? h.nextOperator;
      if (!next)
        throw new DomainError(
          'NEXT_OPERATOR_REQUIRED',
          422,
          '请指定接收档案的新承接方',
          '确认接收时须指定接收档案的新承接方（nextOperator）。',
          {
            rule: 'R10.2',
          },
        );
      return {
        ...h,
        nextOperator: next,
        status: transitionHandover(h.status, 'transferred'),
        transferredAt: actor.now.toISOString(),
      };
    },
    async (after) => {
      const contract = await contractOf(after.contractId);
      const moved: Contract = {
        ...contract,
        archiveHolder: {
          orgId: after.nextOperator?.orgId as string,
          since: actor.now.toISOString(),
          handoverId: after.id,
        },
        version: contract.version + 1,
        updatedAt: actor.now.toISOString(),
      };
      return updateContractWrites(contract, moved, shanghaiDate(actor.now));
    },
  );
}

function stepNotice(h: Handover, step: 'reminder' | 'overdue'): { to: Party[]; notice: Notice } {
  const district: Party = { role: 'district_civil_affairs', district: h.districtCode };
  const operator: Party = { role: 'operator', org: h.exitingOrg };
  const subject = { type: 'contract' as const, id: h.contractId };
  return step === 'reminder'
    ? {
        to: [operator, district],
        notice: {
          type: 'handover.deadline',
          title: `【档案移交提醒】合同 ${h.contractNumber}`,
          body: `服务档案应于 ${h.deadlineOn} 前移交完毕。`,
          subject,
        },
      }
    : {
        to: [operator, district, { role: 'city_civil_affairs' }],
        notice: {
          type: 'handover.deadline',
          title: `【档案移交逾期】合同 ${h.contractNumber}`,
          body: `服务档案应于 ${h.deadlineOn} 前移交，已逾期。`,
          subject,
        },
      };
}

/**
 * One handover's due steps on `today` (R10.2), saved with their notices in one conditional write: a second run
 * (or a redelivered work message, issue 20) finds them done and changes nothing. `true` when it told someone.
 */
export async function runHandoverSteps(id: string, today: IsoDate, actor: Actor): Promise<boolean> {
  const h = await getHandover(id);
  if (!h) return false;
  const decisions = decideHandoverSteps(h, today);
  if (decisions.size === 0) return false;
  const steps = h.steps.map((s) => (decisions.has(s.id) ? { ...s, done: decisions.get(s.id) } : s));
  const after = withHandoverState({ ...h, steps, version: h.version + 1 }, today);
  const notes = [...decisions]
    .filter(([, d]) => d === 'acted')
    .flatMap(([step]) => {
      const { to, notice } = stepNotice(h, step);
      return notify(to, notice, actor.now);
    });
  await commitWithAudit(
    [updateHandoverWrite(h, after), ...notificationWrites(notes)],
    [
      auditRecordOf(actor, {
        action: 'handover.deadline-steps',
        ...audit(h),
        after: Object.fromEntries(decisions),
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return notes.length > 0;
}

/** R10.2 handover deadlines (daily, with the complaint deadlines): each alert once, read through byDue. */
export async function runHandoverDeadlines(today: IsoDate, actor: Actor) {
  const { ids, read } = await dueHandovers(today);
  let acted = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if (await runHandoverSteps(id, today, actor)) acted += 1;
    } catch (error) {
      failed += 1;
      logger.error('handover deadline step failed', { handover: id, error: error as Error });
    }
  }
  return { examined: read, acted, failed };
}
