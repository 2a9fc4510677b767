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
import type { FanOut } from '#shared/jobs/fan-out';
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

type PendingDocument = Pick<
  ArchiveDocument,
  'owner' | 'key' | 'category' | 'date' | 'contractId' | 'districtCode' | 'recordedAt'
>;
type CopyOutcome = 'archived' | 'missing' | 'waiting';

/**
 * One pending document: copied into the Object Lock archive bucket with the retain-until date of its category
 * (computed from the policy in force at the end of its period) and marked archived with its audit record; one
 * whose upload has not arrived a day after it was recorded is marked missing; before that it waits for the next
 * run. A copy already made by a run that died before marking it is recognised and not made twice, and a document
 * settled already (by another run, or a redelivered work message, issue 20) is left as it is (`undefined`).
 */
async function copyDocument(
  doc: PendingDocument,
  now: Date,
  periodEndOf: (contractId: string) => Promise<IsoDate | undefined>,
): Promise<CopyOutcome | undefined> {
  const periodEnd = doc.contractId ? await periodEndOf(doc.contractId) : undefined;
  const rule = (await policyOn(periodEnd ?? doc.date)).version.parameters.retention;
  const until = retainUntil(doc.category, { date: doc.date, ...(periodEnd ? { periodEnd } : {}) }, rule);
  const copy = await archiveCopy(doc.key, {
    retainUntil: until,
    lockUntil: lockUntilInstant(until),
    category: doc.category,
  });
  if (copy.status === 'missing' && now.getTime() - Date.parse(doc.recordedAt) < UPLOAD_GRACE_MS) {
    return 'waiting';
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
  try {
    await settle(doc, outcome, now);
  } catch (error) {
    if ((error as DomainError).code === 'ARCHIVE_ALREADY_SETTLED') return undefined;
    throw error;
  }
  return copy.status;
}

const periodEndOfContract = async (contractId: string) => (await getContract(contractId))?.servicePeriod.end;

/**
 * R10.1 in line: every document recorded since the last run (read through byDue, pending only), each on its own
 * (`copyDocument`); one failing document does not stop the others. The hourly job fans the same documents out to a
 * worker instead (`archiveCopiesFanOut`, issue 20).
 */
export async function runArchiveCopies(today: IsoDate, now: Date): Promise<ArchiveCopiesResult> {
  const { items, read } = await pendingArchiveDocuments(today);
  const periodEnds = new Map<string, Promise<IsoDate | undefined>>();
  const periodEndOf = (contractId: string) => {
    const known = periodEnds.get(contractId) ?? periodEndOfContract(contractId);
    periodEnds.set(contractId, known);
    return known;
  };
  const counts: Record<CopyOutcome, number> = { archived: 0, missing: 0, waiting: 0 };
  let failed = 0;
  for (const doc of items) {
    try {
      const outcome = await copyDocument(doc, now, periodEndOf);
      if (outcome) counts[outcome]++;
    } catch (error) {
      failed++;
      logger.error('archive copy failed', { key: doc.key, error: error as Error });
    }
  }
  return {
    examined: items.length,
    acted: counts.archived + counts.missing,
    failed,
    read,
    ...counts,
  };
}

/** What a work message carries of a pending document: the index entry's attributes the copy needs. */
const DOCUMENT_ATTRIBUTES = [
  'owner',
  'key',
  'category',
  'date',
  'contractId',
  'districtCode',
  'recordedAt',
] as const satisfies readonly (keyof PendingDocument)[];

/**
 * The run of the day an hourly archive-copies dispatch is (`T09` for 09:00 in Shanghai), naming its checkpoints
 * (fan-out.ts `checkpointName`): each hour's run reads the day's pending documents from the start.
 */
export const archiveCopiesRun = (scheduledTime: Date): string =>
  `T${String((scheduledTime.getUTCHours() + 8) % 24).padStart(2, '0')}`;

/**
 * Issue 20: the archive-copies job's fan-out: each pending document (byDue `DUE#ARCHIVE`) in a work message that
 * carries what its copy needs (owner and key, category, date, contract, district, when it was recorded). The
 * summary counts archived, missing and waiting documents as the job did in line.
 */
export const archiveCopiesFanOut: FanOut = {
  jobId: 'archive-copies',
  partitions: [
    {
      partition: 'DUE#ARCHIVE',
      attributes: DOCUMENT_ATTRIBUTES,
      work: async (item, _today, actor) => {
        const outcome = await copyDocument(
          item as unknown as PendingDocument,
          actor.now,
          periodEndOfContract,
        );
        return outcome ? { acted: outcome !== 'waiting', outcome } : false;
      },
    },
  ],
  outcomes: ['archived', 'missing', 'waiting'],
};

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
