import { ulid } from 'ulid';
import { dependentWrites } from '#shared/adapters/dynamodb/calendar.repository';
import { getContract } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { type Page, pageAcrossPartitions } from '#shared/adapters/dynamodb/pagination';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import {
  createSlotWrite,
  createTicketWrite,
  getSlot,
  getSlotDetail,
  getSlots,
  querySlots,
  readReceiptWrite,
  updateSlotWrite,
} from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { presignDownload, presignUpload } from '#shared/adapters/s3/presign';
import { extensionOf, uploadKey } from '#shared/adapters/s3/reports-store';
import { isCityWide, type Principal } from '#shared/domain/access/roles';
import { type Actor, systemActor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import {
  annualReportPlan,
  annualSlotId,
  assertPeriodBegun,
  assertUploadable,
  awaitsReviewBy,
  contractReportPlan,
  openSlot,
  partiesOf,
  partyKey,
  type ReportSlot,
  reviewedSlot,
  type SlotAction,
  slotActions,
  slotScope,
  withSlotState,
} from '#shared/domain/reports/report-slot';
import type {
  ReadReceipt,
  Submission,
  UPLOAD_CONTENT_TYPES,
  UploadTicket,
} from '#shared/domain/reports/submission';
import { logger } from '#shared/http/logger';
import { assertInScope } from '../access';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { policyOn } from '../policy/policies.use-case';
import { notificationWrites, notify } from './notifications.use-case';

const slotAudit = (slot: ReportSlot) => ({
  entity: { type: 'report', id: slot.id },
  scope: { district: slot.districtCode, ...(slot.streetCode ? { street: slot.streetCode } : {}) },
});

/**
 * R9.3: the slots of a contract that becomes active, as writes for the activation's own transaction (so a
 * contract is never active without its slots). Due dates use the policy versions and the holiday calendar.
 */
export async function contractSlotWrites(
  contract: Contract,
  now: Date,
): Promise<{ writes: Write[]; slots: ReportSlot[] }> {
  const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
  const slots = contractReportPlan(contract, policies, calendar).map((p) => openSlot(p, now.toISOString()));
  // Issue 18: the contract's slots are found again through the calendar years their dates depend on.
  const years = [...new Set(slots.flatMap((s) => s.calendarYears ?? []))].sort();
  return {
    writes: [
      ...slots.map((s) => createSlotWrite(s)),
      ...dependentWrites(`report-contract#${contract.operator.orgId}#${contract.id}`, years),
    ],
    slots,
  };
}

/**
 * On termination, the monthly briefs of months not begun by `today`, and the mid-term report when the midpoint had
 * not been reached, are cancelled (nothing is due for them); the current month's brief and the final report stay.
 */
export async function cancelSlotWrites(contract: Contract, today: IsoDate, now: Date): Promise<Write[]> {
  const slots: ReportSlot[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await querySlots({
      org: contract.operator.orgId,
      contractId: contract.id,
      limit: 100,
      ...(start ? { start } : {}),
    });
    slots.push(...page.items);
    start = page.lastKey;
  } while (start);
  return slots
    .filter(
      (s) =>
        s.kind !== 'final' &&
        (s.status === 'open' || s.status === 'returned') &&
        (s.kind === 'midterm' ? s.period.end > today : s.period.start > today),
    )
    .map((s) => {
      const { nextActionOn: _n, ...rest } = s;
      return updateSlotWrite(s, {
        ...rest,
        status: 'cancelled',
        version: s.version + 1,
        updatedAt: now.toISOString(),
      });
    });
}

/**
 * R20.1: this year's annual report slot of every district, created when missing (idempotent: reads the 13 slots
 * by key, creates the absent ones; a concurrent creation is not an error).
 */
export async function ensureAnnualSlots(year: number, now: Date): Promise<number> {
  const districts = await listDivisions();
  const existing = new Set(
    (await getSlots(districts.map((d) => annualSlotId(d.code, year)))).map((s) => s.id),
  );
  const missing = districts.filter((d) => !existing.has(annualSlotId(d.code, year)));
  if (missing.length === 0) return 0;
  const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
  let created = 0;
  for (const district of missing) {
    const slot = openSlot(annualReportPlan(district, year, policies, calendar), now.toISOString());
    try {
      await commitWithAudit(
        [createSlotWrite(slot), ...dependentWrites(`report#${slot.id}`, slot.calendarYears ?? [])],
        [auditRecordOf(systemActor(now), { action: 'report-slot.create', ...slotAudit(slot), after: slot })],
      );
      created += 1;
    } catch (error) {
      if ((error as DomainError).code !== 'REPORT_SLOT_EXISTS') throw error;
    }
  }
  return created;
}

/** A slot as its reader sees it: its derived state as of a day (issue 18) and what the reader may do with it now. */
export type SlotView = ReportSlot & { readonly actions: SlotAction[] };

const slotView = (slot: ReportSlot, principal: Principal, today: IsoDate): SlotView => ({
  ...withSlotState(slot, today),
  actions: slotActions(slot, principal, today),
});

export interface SlotDetail {
  readonly slot: SlotView;
  readonly submissions: readonly Submission[];
  readonly receipts: readonly ReadReceipt[];
}

/**
 * A slot with its submissions (versions and refused files, with reasons) and read receipts, within scope; its
 * derived fields (overdue, nextActionOn) as of `today` (issue 18).
 */
export async function readReport(principal: Principal, id: string, today: IsoDate): Promise<SlotDetail> {
  const detail = await getSlotDetail(id);
  if (!detail) throw notFound('报告');
  assertInScope(principal, slotScope(detail.slot));
  return { ...detail, slot: slotView(detail.slot, principal, today) };
}

export interface SlotListQuery {
  readonly contractId?: string;
  readonly district?: string;
  readonly street?: string;
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  /** `review`: only the slots waiting for the caller's own review (the 待审阅 list). */
  readonly awaiting?: 'review';
  readonly limit: number;
  readonly cursor?: string;
}

/** A slot query that keeps only the slots waiting for the principal's review (R9.3). */
const awaitingReview =
  (principal: Principal, read: typeof querySlots): typeof querySlots =>
  async (q) => {
    const out = await read(q);
    return { ...out, items: out.items.filter((s) => awaitsReviewBy(s, principal)) };
  };

/**
 * Slots within scope: one contract's for whoever may read it; otherwise an operator its own, the city, district
 * roles and auditors a district's by due date (default: the current year), a street office its street's. With
 * `awaiting=review`, only those waiting for the caller's review; the pages still follow the index, so a page may
 * hold fewer than `limit` slots only when the index is exhausted.
 */
export async function listReports(
  principal: Principal,
  q: SlotListQuery,
  now: Date,
): Promise<Page<SlotView>> {
  const page = await slotPage(principal, q, now);
  // Issue 18: overdue and nextActionOn as of today, by the rule the writes store them with.
  const today = shanghaiDate(now);
  return { ...page, items: page.items.map((s) => slotView(s, principal, today)) };
}

async function slotPage(principal: Principal, q: SlotListQuery, now: Date): Promise<Page<ReportSlot>> {
  const query = q.awaiting === 'review' ? awaitingReview(principal, querySlots) : querySlots;
  if (q.contractId) {
    // One contract's slots, for whoever may read the contract.
    const contract = await getContract(q.contractId);
    if (!contract) throw notFound('服务合同');
    assertInScope(principal, {
      district: contract.districtCode,
      street: contract.streetCode,
      orgs: [contract.operator.orgId],
    });
    const org = contract.operator.orgId;
    const contractId = contract.id;
    return pageAcrossPartitions([`ORG#${org}`], q.limit, q.cursor, (_p, start, limit) =>
      query({ org, contractId, limit, ...(start ? { start } : {}) }),
    );
  }
  if (principal.roles.includes('operator')) {
    const org = principal.org;
    if (!org || q.district || q.street) throw outOfScope();
    return pageAcrossPartitions([`ORG#${org}`], q.limit, q.cursor, (_p, start, limit) =>
      query({ org, limit, ...(start ? { start } : {}) }),
    );
  }
  // A missing bound is the start or end of the given bound's year (of this year when neither is given), so the
  // window is never empty by construction.
  const year = shanghaiDate(now).slice(0, 4);
  const from = q.from ?? `${(q.to ?? year).slice(0, 4)}-01-01`;
  const to = q.to ?? `${(q.from ?? year).slice(0, 4)}-12-31`;
  let districts: string[];
  let street = q.street;
  const wanted = q.district ?? q.street?.slice(0, 6);
  if (isCityWide(principal)) {
    districts = wanted ? [wanted] : (await listDivisions()).map((d) => d.code);
  } else if (principal.roles.includes('street_office')) {
    if (!principal.street || (q.street && q.street !== principal.street)) throw outOfScope();
    if (wanted && wanted !== principal.street.slice(0, 6)) throw outOfScope();
    districts = [principal.street.slice(0, 6)];
    street = principal.street;
  } else {
    if (!principal.district || (wanted && wanted !== principal.district)) throw outOfScope();
    districts = [principal.district];
  }
  return pageAcrossPartitions(districts, q.limit, q.cursor, (district, start, limit) =>
    query({ district, from, to, ...(street ? { street } : {}), limit, ...(start ? { start } : {}) }),
  );
}

/** How long a presigned upload or download stays valid. */
export const URL_TTL_SECONDS = 300;

export interface UploadRequest {
  readonly contentType: (typeof UPLOAD_CONTENT_TYPES)[number];
  readonly bytes: number;
  readonly fileName?: string;
}

/**
 * R9.4: a presigned PUT for the slot's submitter (the operator of the contract; the district for its annual
 * report), with the content type and size signed, valid five minutes. The ticket written with it ties the key
 * to the slot and the person who asked.
 */
export async function requestUpload(actor: Actor, slotId: string, input: UploadRequest) {
  const slot = await getSlot(slotId);
  if (!slot) throw notFound('报告');
  assertInScope(actor.principal, slotScope(slot));
  const mine = partiesOf(actor.principal).map(partyKey);
  if (!mine.includes(partyKey(slot.submitter))) {
    logger.warn('access denied', { reason: 'not the submitter', sub: actor.principal.sub, slot: slot.id });
    throw new DomainError(
      'NOT_SUBMITTER',
      403,
      '只有报送方可以上传该报告',
      '这份报告由指定的报送方上传，您不是它的报送方。',
      { rule: 'R9.3' },
    );
  }
  assertUploadable(slot);
  assertPeriodBegun(slot, shanghaiDate(actor.now));
  const policy = await policyOn(shanghaiDate(actor.now));
  const max = policy.version.parameters.reports.maxUploadBytes;
  if (input.bytes > max) {
    throw new DomainError('UPLOAD_TOO_LARGE', 422, '文件超过大小上限', undefined, {
      rule: 'R9.4',
      errors: [{ path: 'body.bytes', message: `文件大小上限为 ${(max / 1048576).toFixed(0)} MB` }],
    });
  }
  const uploadId = ulid(actor.now.getTime());
  const key = uploadKey(slot.id, uploadId, extensionOf(input.contentType));
  const expiresAt = new Date(actor.now.getTime() + URL_TTL_SECONDS * 1000).toISOString();
  const ticket: UploadTicket = {
    uploadId,
    slotId: slot.id,
    key,
    contentType: input.contentType,
    declaredBytes: input.bytes,
    ...(input.fileName ? { fileName: input.fileName } : {}),
    issuedTo: {
      sub: actor.principal.sub,
      username: actor.principal.username,
      party: partyKey(slot.submitter),
    },
    issuedAt: actor.now.toISOString(),
    expiresAt,
    state: 'issued',
  };
  await commitWithAudit(
    [createTicketWrite(ticket)],
    [auditRecordOf(actor, { action: 'report.upload-url', ...slotAudit(slot), after: { uploadId, key } })],
  );
  const url = await presignUpload(key, input.contentType, input.bytes, URL_TTL_SECONDS);
  return {
    uploadId,
    key,
    method: 'PUT' as const,
    url,
    headers: { 'content-type': input.contentType, 'content-length': String(input.bytes) },
    expiresAt,
    maxBytes: max,
  };
}

export interface ReviewInput {
  readonly version: number;
  readonly uploadId: string;
  readonly decision: 'accept' | 'return';
  readonly comment?: string;
}

/**
 * A recipient accepts or returns the current version (R9.3). A return needs a comment and re-opens the slot
 * for a new upload, with its remaining deadline steps re-armed.
 */
export async function reviewReport(actor: Actor, id: string, input: ReviewInput): Promise<SlotView> {
  const slot = await getSlot(id);
  if (!slot) throw notFound('报告');
  assertInScope(actor.principal, slotScope(slot));
  const recipient = partiesOf(actor.principal)
    .map(partyKey)
    .find((p) => slot.recipients.some((r) => partyKey(r) === p));
  if (!recipient) {
    logger.warn('access denied', { reason: 'not a recipient', sub: actor.principal.sub, slot: slot.id });
    throw new DomainError(
      'NOT_RECIPIENT',
      403,
      '只有报告接收方可以审阅',
      '这份报告由指定的接收方审阅，您不是它的接收方。',
      { rule: 'R9.3' },
    );
  }
  if (slot.version !== input.version) throw versionConflict();
  if (slot.currentUploadId !== input.uploadId) {
    throw new DomainError(
      'REPORT_VERSION_SUPERSEDED',
      409,
      '审阅的不是报告的当前版本，请刷新',
      '报送方已上传了新的版本；请刷新后审阅当前版本。',
      {
        rule: 'R9.3',
      },
    );
  }
  if (input.decision === 'return' && !input.comment?.trim()) {
    throw new DomainError('RETURN_COMMENT_REQUIRED', 422, '退回报告须说明理由', undefined, {
      rule: 'R9.3',
      errors: [{ path: 'body.comment', message: '退回报告须填写意见' }],
    });
  }
  const at = actor.now.toISOString();
  const after = reviewedSlot(
    slot,
    {
      party: recipient,
      decision: input.decision,
      ...(input.comment ? { comment: input.comment } : {}),
      by: { sub: actor.principal.sub, username: actor.principal.username },
      at,
    },
    shanghaiDate(actor.now),
  );
  const notes = notify(
    [slot.submitter],
    input.decision === 'return'
      ? {
          type: 'report.returned',
          title: `【报告被退回】${slot.title}`,
          body: `${slot.title}被退回，请修改后重新上传。意见：${input.comment ?? ''}`,
          subject: { type: 'report', id: slot.id },
        }
      : {
          type: 'report.accepted',
          title: `【报告已${after.status === 'accepted' ? '验收' : '获一方确认'}】${slot.title}`,
          body: `${slot.title}已由 ${recipient} 确认${after.status === 'accepted' ? '，全部接收方均已确认' : ''}。${input.comment ?? ''}`,
          subject: { type: 'report', id: slot.id },
        },
    actor.now,
  );
  await commitWithAudit(
    [updateSlotWrite(slot, after), ...notificationWrites(notes)],
    [
      auditRecordOf(actor, {
        action: `report.${input.decision}`,
        ...slotAudit(slot),
        before: { status: slot.status, reviews: slot.reviews },
        after: { status: after.status, reviews: after.reviews },
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return slotView(after, actor.principal, shanghaiDate(actor.now));
}

/**
 * A presigned GET of one passed version for whoever may read the slot. When the reader acts for a recipient,
 * the first opening is recorded as a read receipt (B2).
 */
export async function requestDownload(actor: Actor, id: string, uploadId: string) {
  const detail = await readReport(actor.principal, id, shanghaiDate(actor.now));
  const submission = detail.submissions.find((s) => s.uploadId === uploadId && s.outcome === 'passed');
  if (!submission) throw notFound('报告版本');
  const recipient = partiesOf(actor.principal)
    .map(partyKey)
    .find((p) => detail.slot.recipients.some((r) => partyKey(r) === p));
  if (recipient && !detail.receipts.some((r) => r.uploadId === uploadId && r.sub === actor.principal.sub)) {
    const receipt: ReadReceipt = {
      slotId: id,
      uploadId,
      party: recipient,
      sub: actor.principal.sub,
      username: actor.principal.username,
      at: actor.now.toISOString(),
    };
    try {
      await commitWithAudit(
        [readReceiptWrite(receipt)],
        [auditRecordOf(actor, { action: 'report.read', ...slotAudit(detail.slot), after: receipt })],
      );
    } catch (error) {
      if ((error as DomainError).code !== 'ALREADY_READ') throw error;
    }
  }
  const fileName = submission.fileName ?? `${detail.slot.title}.${submission.format ?? 'pdf'}`;
  return {
    url: await presignDownload(submission.key, fileName, URL_TTL_SECONDS),
    expiresAt: new Date(actor.now.getTime() + URL_TTL_SECONDS * 1000).toISOString(),
    sha256: submission.sha256,
  };
}
