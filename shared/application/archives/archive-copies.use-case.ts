import {
  type ArchiveDocument,
  pendingArchiveDocuments,
  settleArchiveDocumentWrite,
} from '#shared/adapters/dynamodb/archives.repository';
import { getContract } from '#shared/adapters/dynamodb/contracts.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { archiveCopy } from '#shared/adapters/s3/archive-store';
import { lockUntilInstant, retainUntil } from '#shared/domain/archives/retention';
import { systemActor } from '#shared/domain/audit/audit-record';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { DomainError } from '#shared/domain/errors';
import { logger } from '#shared/http/logger';
import { policyOn } from '../policy/policies.use-case';

/** An upload URL lives minutes; a document whose object has not arrived a day after it was recorded never will. */
const UPLOAD_GRACE_MS = 24 * 3600 * 1000;

export interface ArchiveCopiesResult {
  readonly examined: number;
  readonly acted: number;
  readonly failed: number;
  /** byDue entries DynamoDB read: equal to the documents pending. */
  readonly read: number;
  readonly archived: number;
  readonly missing: number;
  /** Recorded, but the upload has not arrived yet: looked at again on the next run. */
  readonly waiting: number;
}

/**
 * R10.1, hourly: every document recorded since the last run is copied into the Object Lock archive bucket with
 * the retain-until date of its category (computed from the policy in force at the end of its period), and marked
 * archived with its audit record. Reads only the pending documents (byDue); a copy already made by a run that
 * died before marking it is recognised and not made twice; one failing document does not stop the others.
 */
export async function runArchiveCopies(today: IsoDate, now: Date): Promise<ArchiveCopiesResult> {
  const { items, read } = await pendingArchiveDocuments(today);
  const periodEnds = new Map<string, IsoDate | undefined>();
  let archived = 0;
  let missing = 0;
  let waiting = 0;
  let failed = 0;
  for (const doc of items) {
    try {
      let periodEnd: IsoDate | undefined;
      if (doc.contractId) {
        if (!periodEnds.has(doc.contractId)) {
          periodEnds.set(doc.contractId, (await getContract(doc.contractId))?.servicePeriod.end);
        }
        periodEnd = periodEnds.get(doc.contractId);
      }
      const rule = (await policyOn(periodEnd ?? doc.date)).version.parameters.retention;
      const until = retainUntil(doc.category, { date: doc.date, ...(periodEnd ? { periodEnd } : {}) }, rule);
      const copy = await archiveCopy(doc.key, {
        retainUntil: until,
        lockUntil: lockUntilInstant(until),
        category: doc.category,
      });
      if (copy.status === 'missing' && now.getTime() - Date.parse(doc.recordedAt) < UPLOAD_GRACE_MS) {
        waiting++;
        continue;
      }
      const outcome =
        copy.status === 'archived'
          ? {
              status: 'archived' as const,
              retainUntil: until,
              archivedAt: now.toISOString(),
              ...(copy.versionId ? { archiveVersionId: copy.versionId } : {}),
            }
          : { status: 'missing' as const };
      await settle(doc, outcome, now);
      if (copy.status === 'archived') archived++;
      else missing++;
    } catch (error) {
      if ((error as DomainError).code === 'ARCHIVE_ALREADY_SETTLED') continue;
      failed++;
      logger.error('archive copy failed', { key: doc.key, error: error as Error });
    }
  }
  return { examined: items.length, acted: archived + missing, failed, read, archived, missing, waiting };
}

function settle(
  doc: Pick<ArchiveDocument, 'owner' | 'key' | 'category' | 'districtCode'>,
  outcome: Parameters<typeof settleArchiveDocumentWrite>[2],
  now: Date,
) {
  const actor = systemActor(now);
  return commitWithAudit(
    [settleArchiveDocumentWrite(doc.owner, doc.key, outcome)],
    [
      auditRecordOf(actor, {
        action: outcome.status === 'archived' ? 'archive.lock' : 'archive.missing',
        entity: { type: 'archive-document', id: doc.key },
        scope: { district: doc.districtCode },
        after: { category: doc.category, ...outcome },
      }),
    ],
  );
}
