import type { IsoDate } from '#shared/domain/calendar/dates';

/** What a report may be uploaded as (R9.4): PDF or Word .docx; the bytes are sniffed on arrival anyway. */
export const UPLOAD_CONTENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

/**
 * One presigned upload handed to a submitter (R9.4): it ties the object key to the slot and to who asked, and
 * is used once. The validation handler consumes it in the same transaction as the outcome, so a replayed or
 * duplicated S3 event finds it used and changes nothing.
 */
export interface UploadTicket {
  readonly uploadId: string;
  readonly slotId: string;
  readonly key: string;
  readonly contentType: string;
  readonly declaredBytes: number;
  readonly fileName?: string;
  readonly issuedTo: { readonly sub: string; readonly username: string; readonly party: string };
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly state: 'issued' | 'used';
}

/** Why an upload was refused, in words the submitter understands. */
export interface SubmissionReason {
  readonly code: string;
  readonly message: string;
}

/**
 * The outcome of one upload to a slot: a version of the report (passed) or a quarantined file with its reasons
 * (failed). Versions are kept; the slot points at the current one.
 */
export interface Submission {
  readonly slotId: string;
  readonly uploadId: string;
  readonly outcome: 'passed' | 'failed';
  /** Where the bytes are now: `reports/…` for a version, `quarantine/…` for a refused file. */
  readonly key: string;
  readonly fileName?: string;
  readonly format?: 'pdf' | 'docx';
  readonly contentType?: string;
  readonly bytes: number;
  readonly sha256?: string;
  /** When S3 received the object, and that instant's Asia/Shanghai date (timeliness is decided on it). */
  readonly uploadedAt: string;
  readonly uploadedOn: IsoDate;
  readonly onTime?: boolean;
  readonly uploadedBy?: { readonly sub: string; readonly username: string };
  readonly reasons: readonly SubmissionReason[];
  readonly validatedAt: string;
}

/** B2: who at a recipient party first opened a version, and when. */
export interface ReadReceipt {
  readonly slotId: string;
  readonly uploadId: string;
  readonly party: string;
  readonly sub: string;
  readonly username: string;
  readonly at: string;
}

/** A notice in a party's inbox; also e-mailed on AWS when the party has an address. */
export interface Notification {
  readonly id: string;
  readonly party: string;
  readonly type: NotificationType;
  readonly title: string;
  readonly body: string;
  /** What it is about, for the client to link to (e.g. `/reports/{id}`). */
  readonly subject: {
    readonly type: 'report' | 'evaluation' | 'contract' | 'complaint' | 'rectification' | 'delivery';
    readonly id: string;
  };
  readonly createdAt: string;
  readonly readAt?: string;
  readonly readBy?: string;
}

export type NotificationType =
  | 'report.submitted'
  | 'report.rejected'
  | 'report.accepted'
  | 'report.returned'
  | 'report.reminder'
  | 'report.overdue'
  | 'report.escalated'
  | 'evaluation.commissioned'
  | 'evaluation.published'
  | 'evaluation.objection'
  | 'evaluation.objection-decided'
  | 'evaluation.final'
  | 'evaluation.window'
  | 'evaluation.score-changed'
  | 'evaluation.reopened'
  | 'funds.disbursed'
  | 'complaint.received'
  | 'complaint.statement'
  | 'complaint.closed'
  | 'complaint.deadline'
  | 'handover.deadline'
  | 'rectification.raised'
  | 'rectification.deadline'
  | 'rectification.submitted'
  | 'rectification.verified'
  | 'rectification.rejected'
  /** A notice could not be delivered on a channel after its retries (shared/domain/notify/delivery.ts). */
  | 'notice.delivery-failed';
