import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  S3Client,
} from '@aws-sdk/client-s3';
import { storeClientSettings } from '#shared/adapters/store-timeouts';
import { bucketName, s3Endpoint } from '#shared/config';

/**
 * The reports bucket. Uploads arrive under `uploads/{slotId}/{uploadId}.{ext}` through presigned PUTs; the
 * validation handler moves each one either to `reports/{slotId}/{uploadId}.{ext}` (a version of the slot, kept)
 * or to `quarantine/{slotId}/{uploadId}` (with the reasons stored on the submission). Only `uploads/` triggers
 * validation, so the moves do not.
 */
let cached: S3Client | undefined;

export function s3Client(): S3Client {
  if (!cached) {
    const endpoint = s3Endpoint();
    cached = new S3Client({
      ...(endpoint
        ? {
            endpoint,
            forcePathStyle: true,
            region: process.env.AWS_REGION ?? 'cn-north-1',
            // s3rver's built-in account; it checks the key id and the expiry of presigned URLs.
            credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          }
        : {}),
      // Bounded connection and request timeouts and retries (../store-timeouts.ts).
      ...storeClientSettings('s3', endpoint !== undefined),
    });
  }
  return cached;
}

export function resetS3Client(): void {
  cached = undefined;
}

export const UPLOAD_PREFIX = 'uploads/';
export const extensionOf = (contentType: string): 'pdf' | 'docx' =>
  contentType === 'application/pdf' ? 'pdf' : 'docx';
export const uploadKey = (slotId: string, uploadId: string, ext: string) =>
  `${UPLOAD_PREFIX}${slotId}/${uploadId}.${ext}`;
export const versionKey = (slotId: string, uploadId: string, ext: string) =>
  `reports/${slotId}/${uploadId}.${ext}`;
export const quarantineKey = (rest: string) => `quarantine/${rest}`;

/** `uploads/{slotId}/{uploadId}.{ext}` → its parts, or undefined for a key the system did not hand out. */
export function parseUploadKey(key: string): { slotId: string; uploadId: string } | undefined {
  const m = /^uploads\/([A-Za-z0-9-]{1,80})\/([0-9A-HJKMNP-TV-Z]{26})\.(pdf|docx)$/.exec(key);
  return m?.[1] && m[2] ? { slotId: m[1], uploadId: m[2] } : undefined;
}

/** The object's bytes, or undefined when it is gone (already moved by an earlier delivery of the same event). */
export async function readObject(key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucketName('reports'), Key: key }));
    return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Copies within the bucket (idempotent: the same source and target give the same object). */
export async function copyObject(from: string, to: string): Promise<void> {
  const bucket = bucketName('reports');
  await s3Client().send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: to,
      CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
    }),
  );
}

export async function deleteObject(key: string): Promise<void> {
  await s3Client().send(new DeleteObjectCommand({ Bucket: bucketName('reports'), Key: key }));
}
