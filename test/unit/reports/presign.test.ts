import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presignedUrl } from '#shared/adapters/s3/presign';

const signingDate = new Date('2026-11-26T01:02:03Z');
const credentials = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session/token+with=odd',
};
const BUCKET = 'sgz-prod-reports-1a2b3c';

/** S3Client as the SDK recommends it for presigning: no checksum of a body it does not have. */
const reference = (region: string) =>
  new S3Client({
    region,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

const params = (url: string) => new URL(url).searchParams;

/**
 * The presigned URLs the browser uploads and downloads with (reports, vouchers, handover agreements, service
 * records, complaint attachments): byte for byte what the SDK's own client would sign, on AWS's China regions and
 * on s3rver, and without the empty-body CRC32 that S3 would hold every real upload against.
 */
describe('presigned URLs', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.REPORTS_BUCKET_NAME = BUCKET;
    delete process.env.S3_ENDPOINT;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  for (const region of ['cn-north-1', 'cn-northwest-1']) {
    it(`signs an upload in ${region} exactly as S3Client would, type and length included`, async () => {
      const key = 'uploads/slot-2026-01/01ARZ3NDEKTSV4RRFFQ69G5FAV.pdf';
      const ours = await presignedUrl(
        {
          bucket: 'reports',
          key,
          method: 'PUT',
          headers: { 'content-type': 'application/pdf', 'content-length': '1048576' },
          expiresIn: 600,
        },
        { region, credentials, signingDate },
      );
      const sdk = await getSignedUrl(
        reference(region),
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          ContentType: 'application/pdf',
          ContentLength: 1048576,
        }),
        { expiresIn: 600, signableHeaders: new Set(['content-type', 'content-length']), signingDate },
      );
      expect(ours).toBe(sdk);
      expect(ours.startsWith(`https://${BUCKET}.s3.${region}.amazonaws.com.cn/uploads/`)).toBe(true);
      expect(params(ours).get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
      expect(params(ours).get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
    });

    it(`signs a download in ${region} under a Chinese file name exactly as S3Client would`, async () => {
      const key = 'reports/slot 1/年度报告(终稿).pdf';
      const disposition = `attachment; filename*=UTF-8''${encodeURIComponent('历下区2026年度报告.pdf')}`;
      const ours = await presignedUrl(
        {
          bucket: 'reports',
          key,
          method: 'GET',
          query: { 'response-content-disposition': disposition },
          expiresIn: 300,
        },
        { region, credentials, signingDate },
      );
      const sdk = await getSignedUrl(
        reference(region),
        new GetObjectCommand({ Bucket: BUCKET, Key: key, ResponseContentDisposition: disposition }),
        { expiresIn: 300, signingDate },
      );
      expect(ours).toBe(sdk);
    });
  }

  it('signs the HEAD that checks a voucher was uploaded exactly as S3Client would', async () => {
    const key = 'vouchers/01ARZ3NDEKTSV4RRFFQ69G5FAV/01BX5ZZKBKACTAV9WEVGEMMVRZ.jpg';
    const ours = await presignedUrl(
      { bucket: 'reports', key, method: 'HEAD', expiresIn: 60 },
      { region: 'cn-north-1', credentials, signingDate },
    );
    const sdk = await getSignedUrl(
      reference('cn-north-1'),
      new HeadObjectCommand({ Bucket: BUCKET, Key: key }),
      {
        expiresIn: 60,
        signingDate,
      },
    );
    expect(ours).toBe(sdk);
  });

  it('puts no checksum into an upload URL, so S3 checks the real file against nothing it cannot match', async () => {
    const ours = await presignedUrl(
      {
        bucket: 'reports',
        key: 'vouchers/c-1/01ARZ3NDEKTSV4RRFFQ69G5FAV.jpg',
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg', 'content-length': '2048' },
        expiresIn: 300,
      },
      { credentials, signingDate },
    );
    const names = [...params(ours).keys()].map((k) => k.toLowerCase());
    expect(names.filter((k) => k.includes('checksum'))).toEqual([]);
    expect(params(ours).get('X-Amz-Content-Sha256')).toBe('UNSIGNED-PAYLOAD');
  });

  it('signs path-style on the local endpoint with s3rver’s account, as S3Client would', async () => {
    process.env.S3_ENDPOINT = 'http://127.0.0.1:4569';
    process.env.REPORTS_BUCKET_NAME = 'sgz-reports';
    const ours = await presignedUrl(
      {
        bucket: 'reports',
        key: 'uploads/s/01ARZ3NDEKTSV4RRFFQ69G5FAV.pdf',
        method: 'PUT',
        headers: { 'content-type': 'application/pdf', 'content-length': '5' },
        expiresIn: 600,
      },
      { signingDate },
    );
    const sdk = await getSignedUrl(
      new S3Client({
        region: 'cn-north-1',
        endpoint: 'http://127.0.0.1:4569',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
      }),
      new PutObjectCommand({
        Bucket: 'sgz-reports',
        Key: 'uploads/s/01ARZ3NDEKTSV4RRFFQ69G5FAV.pdf',
        ContentType: 'application/pdf',
        ContentLength: 5,
      }),
      { expiresIn: 600, signableHeaders: new Set(['content-type', 'content-length']), signingDate },
    );
    expect(ours).toBe(sdk);
  });
});
