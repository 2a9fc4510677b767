import { CopyObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { bucketName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { s3Client } from './reports-store';

/**
 * The archive bucket (R10.1): under Object Lock on AWS, so an object version cannot be deleted or overwritten
 * before its retain-until date, by anyone, in compliance mode. Each archived document is a copy of its object in
 * the reports bucket, under the same key, with the lock date of its category; the date also travels as object
 * metadata (`retain-until`), which is what the local runtime can show (s3rver has no Object Lock).
 */
/** The stage's lock mode (CDK sets `ARCHIVE_LOCK_MODE`); compliance unless a test stage chose governance. */
const lockMode = (): 'COMPLIANCE' | 'GOVERNANCE' =>
  process.env.ARCHIVE_LOCK_MODE === 'GOVERNANCE' ? 'GOVERNANCE' : 'COMPLIANCE';

const notFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

async function head(bucket: string, key: string) {
  try {
    return await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

export type ArchiveCopyOutcome =
  | { readonly status: 'archived'; readonly versionId?: string; readonly already: boolean }
  | { readonly status: 'missing' };

/**
 * Copies one document into the archive bucket with its retention. Idempotent: a copy already there with the same
 * ETag and retain-until date is kept as it is (a rerun after a crash makes no second locked version).
 */
export async function archiveCopy(
  key: string,
  meta: { readonly retainUntil: IsoDate; readonly lockUntil: Date; readonly category: string },
): Promise<ArchiveCopyOutcome> {
  const source = await head(bucketName('reports'), key);
  if (!source) return { status: 'missing' };
  const archive = bucketName('archive');
  const existing = await head(archive, key);
  if (existing && existing.ETag === source.ETag && existing.Metadata?.['retain-until'] === meta.retainUntil) {
    return {
      status: 'archived',
      already: true,
      ...(existing.VersionId ? { versionId: existing.VersionId } : {}),
    };
  }
  const out = await s3Client().send(
    new CopyObjectCommand({
      Bucket: archive,
      Key: key,
      CopySource: `${bucketName('reports')}/${key.split('/').map(encodeURIComponent).join('/')}`,
      CopySourceIfMatch: source.ETag,
      MetadataDirective: 'REPLACE',
      ...(source.ContentType ? { ContentType: source.ContentType } : {}),
      Metadata: { 'retain-until': meta.retainUntil, 'archive-category': meta.category },
      ObjectLockMode: lockMode(),
      ObjectLockRetainUntilDate: meta.lockUntil,
    }),
  );
  return { status: 'archived', already: false, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
}
