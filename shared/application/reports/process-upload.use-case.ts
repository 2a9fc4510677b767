import { archiveDocumentOf, archiveDocumentWrite } from '#shared/adapters/dynamodb/archives.repository';
import {
  consumeTicketWrite,
  getSlot,
  getTicket,
  putSubmissionWrite,
  updateSlotWrite,
} from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import {
  copyObject,
  deleteObject,
  extensionOf,
  parseUploadKey,
  quarantineKey,
  readObject,
  versionKey,
} from '#shared/adapters/s3/reports-store';
import type { Actor } from '#shared/domain/audit/audit-record';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import type { DomainError } from '#shared/domain/errors';
import { reportTemplate } from '#shared/domain/policy/policy';
import {
  checkReportDocument,
  DEFAULT_DOCUMENT_LIMITS,
  type DocumentCheck,
} from '#shared/domain/reports/document-check';
import {
  assertUploadable,
  isOnTime,
  type ReportSlot,
  submittedSlot,
} from '#shared/domain/reports/report-slot';
import type { Submission, SubmissionReason, UploadTicket } from '#shared/domain/reports/submission';
import { logger } from '#shared/http/logger';
import { deliverNotices } from '../notify/deliveries.use-case';
import { policyOn } from '../policy/policies.use-case';
import { notificationWrites, notify } from './notifications.use-case';

/**
 * R9.4, the storage trigger's use case. It lives apart from the other report use cases so that only the trigger's
 * bundle carries the document libraries (pdf.js, mammoth).
 */
const slotAudit = (slot: ReportSlot) => ({
  entity: { type: 'report', id: slot.id },
  scope: { district: slot.districtCode, ...(slot.streetCode ? { street: slot.streetCode } : {}) },
});

export interface UploadedObject {
  readonly key: string;
  readonly size?: number;
  readonly eTag?: string;
  /** When S3 stored the object (the event's time). */
  readonly eventTime: string;
}

export type UploadOutcome = 'passed' | 'failed' | 'duplicate' | 'unmatched';

const reason = (code: string, message: string): SubmissionReason => ({ code, message });

/** Moves the object and forgets the upload key; both steps are safe to repeat. */
async function move(from: string, to: string): Promise<void> {
  await copyObject(from, to);
  await deleteObject(from);
}

/**
 * R9.4, the storage trigger's work for one uploaded object. Replays change nothing: the ticket is consumed in
 * the same transaction as the outcome, and the object is moved out of `uploads/` only afterwards, so a second
 * delivery finds either the ticket used (and only finishes the move) or the object gone.
 *
 * 1. The key must be one the system handed out, with its ticket: otherwise the object is quarantined as unmatched.
 * 2. Slot state (closed, under review) and the bytes (size, sniffed type, encryption, text, headings) are checked.
 * 3. Passed: the file becomes the slot's current version under `reports/` (older versions stay), timeliness is
 *    decided on the day S3 received it, both recipients are notified. Failed: quarantined with the reasons on the
 *    submission, the submitter is notified.
 */
export async function processUpload(object: UploadedObject, now: Date): Promise<UploadOutcome> {
  const parsed = parseUploadKey(object.key);
  const ticket = parsed ? await getTicket(parsed.uploadId) : undefined;
  if (!parsed || !ticket || ticket.slotId !== parsed.slotId || ticket.key !== object.key) {
    logger.warn('upload without a ticket quarantined', { key: object.key });
    if ((await readObject(object.key)) !== undefined) {
      await move(object.key, quarantineKey(`unmatched/${object.key.replace(/^uploads\//, '')}`));
    }
    return 'unmatched';
  }
  if (ticket.state === 'used') {
    // A replayed event, or a second PUT to the same presigned URL: neither changes the slot.
    const reused = (ticket as UploadTicket & { usedETag?: string }).usedETag;
    if (object.eTag && reused && object.eTag !== reused && (await readObject(object.key)) !== undefined) {
      await move(object.key, quarantineKey(`${parsed.slotId}/${parsed.uploadId}-reused-${object.eTag}`));
    } else {
      await deleteObject(object.key);
    }
    return 'duplicate';
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await validateAndRecord(object, ticket, now);
    } catch (error) {
      const code = (error as DomainError).code;
      if (code === 'UPLOAD_ALREADY_PROCESSED') return 'duplicate';
      if (code === 'VERSION_CONFLICT' && attempt < 3) continue;
      throw error;
    }
  }
}

async function validateAndRecord(
  object: UploadedObject,
  ticket: UploadTicket,
  now: Date,
): Promise<UploadOutcome> {
  const slot = await getSlot(ticket.slotId);
  if (!slot) throw new Error(`Ticket ${ticket.uploadId} names a missing slot ${ticket.slotId}`);
  const uploadedOn = shanghaiDate(new Date(object.eventTime));
  const policy = await policyOn(uploadedOn);
  const parameters = policy.version.parameters;
  const limits = { ...DEFAULT_DOCUMENT_LIMITS, maxBytes: parameters.reports.maxUploadBytes };
  const reasons: SubmissionReason[] = [];
  try {
    assertUploadable(slot);
  } catch (error) {
    reasons.push(reason((error as DomainError).code, (error as DomainError).title));
  }
  let check: DocumentCheck | undefined;
  let bytes = object.size ?? 0;
  if (object.size !== undefined && object.size > limits.maxBytes) {
    reasons.push(
      reason(
        'TOO_LARGE',
        `文件大小 ${(object.size / 1048576).toFixed(1)} MB，超过上限 ${(limits.maxBytes / 1048576).toFixed(0)} MB`,
      ),
    );
  } else {
    const content = await readObject(object.key);
    if (content === undefined) return 'duplicate';
    bytes = content.byteLength;
    check = await checkReportDocument(content, reportTemplate(parameters, slot.kind), limits);
    if (!check.ok) reasons.push(...check.reasons);
  }
  const passed = reasons.length === 0 && check?.ok === true;
  const ext = check?.ok ? check.format : extensionOf(ticket.contentType);
  const destination = passed
    ? versionKey(slot.id, ticket.uploadId, ext)
    : quarantineKey(`${slot.id}/${ticket.uploadId}.${ext}`);
  const onTime = isOnTime(slot, uploadedOn);
  const submission: Submission = {
    slotId: slot.id,
    uploadId: ticket.uploadId,
    outcome: passed ? 'passed' : 'failed',
    key: destination,
    ...(ticket.fileName ? { fileName: ticket.fileName } : {}),
    ...(check?.ok ? { format: check.format, contentType: check.contentType } : {}),
    bytes,
    ...(check ? { sha256: check.sha256 } : {}),
    uploadedAt: object.eventTime,
    uploadedOn,
    ...(passed ? { onTime } : {}),
    uploadedBy: { sub: ticket.issuedTo.sub, username: ticket.issuedTo.username },
    reasons,
    validatedAt: now.toISOString(),
  };
  await copyObject(object.key, destination);

  const actor: Actor = {
    principal: { sub: ticket.issuedTo.sub, username: ticket.issuedTo.username, roles: [] },
    now,
    reason: passed ? 'report upload validated' : 'report upload refused',
  };
  const writes: Write[] = [
    consumeTicketWrite(ticket.uploadId, object.eTag, now.toISOString()),
    putSubmissionWrite(submission),
  ];
  let after: ReportSlot | undefined;
  const subject = { type: 'report' as const, id: slot.id };
  // Events can arrive out of order: an upload S3 received (strictly) before the current version is kept as a
  // version of the slot, but does not replace the current one (nor notify anyone again).
  const current = slot.currentUploadId;
  const superseded =
    passed &&
    current !== undefined &&
    slot.currentUploadedAt !== undefined &&
    object.eventTime < slot.currentUploadedAt;
  const notes = superseded
    ? []
    : passed
      ? notify(
          slot.recipients,
          {
            type: 'report.submitted',
            title: `【报告已提交】${slot.title}`,
            body: `${slot.title}已于 ${uploadedOn} 提交（${onTime ? '按时' : `逾期，应于 ${slot.dueOn} 前提交`}），请查阅。`,
            subject,
          },
          now,
        )
      : notify(
          [slot.submitter],
          {
            type: 'report.rejected',
            title: `【报告未通过校验】${slot.title}`,
            body: `上传的文件未通过校验，请修改后重新上传：\n${reasons.map((r, i) => `${i + 1}. ${r.message}`).join('\n')}`,
            subject,
          },
          now,
        );
  if (passed && !superseded) {
    // The report is in: no reminder or overdue step applies while it is (B1); a return re-arms them.
    after = submittedSlot(
      slot,
      { uploadId: ticket.uploadId, uploadedAt: object.eventTime, uploadedOn },
      shanghaiDate(now),
      now.toISOString(),
    );
    writes.push(updateSlotWrite(slot, after));
  }
  if (passed) {
    writes.push(
      // R10.1: the accepted version is an archive document; the archive-copies job locks a copy of it.
      archiveDocumentWrite(archiveDocumentOf.reportVersion(slot, destination, uploadedOn), now),
    );
  }
  writes.push(...notificationWrites(notes));
  await commitWithAudit(writes, [
    auditRecordOf(actor, {
      action: superseded ? 'report.submit-superseded' : passed ? 'report.submit' : 'report.reject-upload',
      ...slotAudit(slot),
      before: { status: slot.status, currentUploadId: slot.currentUploadId ?? null },
      after: superseded
        ? { keptAsVersion: ticket.uploadId, sha256: submission.sha256 }
        : passed
          ? { status: 'submitted', currentUploadId: ticket.uploadId, sha256: submission.sha256 }
          : { reasons },
    }),
  ]);
  await deleteObject(object.key);
  await deliverNotices(notes, now);
  logger.info('report upload validated', {
    slot: slot.id,
    uploadId: ticket.uploadId,
    passed,
    reasons: reasons.map((r) => r.code),
  });
  return passed ? 'passed' : 'failed';
}
