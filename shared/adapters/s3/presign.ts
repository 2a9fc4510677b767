import { partition } from '@aws-sdk/core/client';
import { formatUrl } from '@aws-sdk/core/util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { type bucketEnvVar, bucketName, s3Endpoint } from '#shared/config';

/**
 * Presigned URLs for the browser's uploads and downloads, signed with the SDK's S3RequestPresigner on a request
 * built here (the SDK's documented "presign an existing request" path), not through S3Client and getSignedUrl.
 *
 * Two reasons. Since @aws-sdk/client-s3 3.729 a client with the default checksum setting puts the CRC32 of an
 * *empty* body into every presigned PUT (`x-amz-checksum-crc32=AAAAAA==`), so S3 refuses the real file
 * (aws/aws-sdk-js-v3#6994); s3rver ignores the parameter, which is why no local test could see it. And an HTTP
 * function that only signs URLs no longer carries the S3 client, its S3 middleware and XML protocol (about 130 KB
 * of its bundle). The URL is the one S3Client would give with `requestChecksumCalculation` and
 * `responseChecksumValidation` set to WHEN_REQUIRED: test/unit/s3/presign.test.ts compares them for AWS's China
 * regions, and the local tests upload to s3rver through these URLs, which checks the signature.
 */
export interface PresignedObject {
  readonly bucket: keyof typeof bucketEnvVar;
  readonly key: string;
  readonly method: 'PUT' | 'GET' | 'HEAD';
  /** Headers the browser must send as they are (PUT: content-type and content-length), all signed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra query parameters, e.g. `response-content-disposition` for a download. */
  readonly query?: Readonly<Record<string, string>>;
  readonly expiresIn: number;
}

/** For the tests: a fixed signing time and credentials. */
export interface PresignOptions {
  readonly signingDate?: Date;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly region?: string;
}

/** S3's own escaping of a key: each segment URI-encoded, `!'()*` too, slashes kept. */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');

/** The operation hint S3Client adds to the query (part of what is signed, so kept for identical URLs). */
const X_ID: Readonly<Record<PresignedObject['method'], Record<string, string>>> = {
  PUT: { 'x-id': 'PutObject' },
  GET: { 'x-id': 'GetObject' },
  HEAD: {},
};

/** s3rver's built-in account; it checks the key id, the signature and the expiry. */
const S3RVER_ACCOUNT = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let credentialChain: ReturnType<typeof defaultProvider> | undefined;
/** The role's credentials, from the SDK's default chain (in Lambda: the environment), cached and refreshed by it. */
function lambdaCredentials() {
  credentialChain ??= defaultProvider();
  return credentialChain();
}

export async function presignedUrl(object: PresignedObject, options: PresignOptions = {}): Promise<string> {
  const region = options.region ?? process.env.AWS_REGION ?? 'cn-north-1';
  const bucket = bucketName(object.bucket);
  const local = s3Endpoint();
  const path = encodeKey(object.key);
  const target = local
    ? (() => {
        // s3rver: path-style on the configured endpoint.
        const url = new URL(local);
        return {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: `/${bucket}/${path}`,
        };
      })()
    : {
        protocol: 'https:',
        hostname: `${bucket}.s3.${region}.${partition(region).dnsSuffix}`,
        port: undefined,
        path: `/${path}`,
      };
  const request = new HttpRequest({
    ...target,
    method: object.method,
    headers: { ...object.headers },
    query: { ...object.query, ...X_ID[object.method] },
  });
  const credentials = options.credentials ?? (local ? S3RVER_ACCOUNT : await lambdaCredentials());
  const presigner = new S3RequestPresigner({ region, credentials, sha256: Sha256 });
  const signed = await presigner.presign(request, {
    expiresIn: object.expiresIn,
    signableHeaders: new Set(Object.keys(object.headers ?? {}).map((h) => h.toLowerCase())),
    ...(options.signingDate ? { signingDate: options.signingDate } : {}),
  });
  return formatUrl(signed);
}

/**
 * A presigned PUT for one upload to the reports bucket: the content type and length are signed, so S3 refuses a
 * different type or size; valid for `expiresIn` seconds.
 */
export function presignUpload(key: string, contentType: string, contentLength: number, expiresIn: number) {
  return presignedUrl({
    bucket: 'reports',
    key,
    method: 'PUT',
    headers: { 'content-type': contentType, 'content-length': String(contentLength) },
    expiresIn,
  });
}

/** A presigned GET of a stored object of the reports bucket, downloaded under a readable file name. */
export function presignDownload(key: string, fileName: string, expiresIn: number) {
  return presignedUrl({
    bucket: 'reports',
    key,
    method: 'GET',
    query: { 'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` },
    expiresIn,
  });
}

/** S3 answered with a refusal (e.g. 403: the role may not list the prefix or put there): a fault, not a retry. */
class ObjectRequestRefused extends Error {
  override readonly name = 'ObjectRequestRefused';
}

/**
 * How long a presigned request of the functions' own may take: each attempt, and all attempts together (a store
 * that accepts connections and never answers is given up within the budget, answered 503, not held to the
 * function timeout). Locally s3rver shares a busy machine with everything else. A PUT carries a file of a few MB
 * (an export), so it gets longer.
 */
export const OBJECT_CHECK_TIMEOUT_MS = {
  attempt: { deployed: 2_000, local: 4_000 },
  total: { deployed: 5_000, local: 8_000 },
} as const;
export const OBJECT_PUT_TIMEOUT_MS = {
  attempt: { deployed: 8_000, local: 10_000 },
  total: { deployed: 20_000, local: 20_000 },
} as const;

/**
 * Sends one presigned request with fetch, tried up to three times within `budget.total`: a network error, a timeout
 * or a 5xx/429 is tried again (signed per attempt: a retry after a slow answer must not carry an expiring
 * signature), then thrown as `ServiceUnavailable`, which the API answers 503 STORE_UNAVAILABLE — a refused
 * connection in well under a second, a silent S3 within the budget. Any other answer is returned as it is.
 */
async function sendPresigned(
  object: Omit<PresignedObject, 'expiresIn'>,
  init: { body?: Uint8Array; headers?: Record<string, string> },
  budget: typeof OBJECT_CHECK_TIMEOUT_MS | typeof OBJECT_PUT_TIMEOUT_MS,
  options: PresignOptions,
): Promise<number> {
  const where = s3Endpoint() ? 'local' : 'deployed';
  const deadline = Date.now() + budget.total[where];
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    const left = deadline - Date.now();
    if (left <= 0) break;
    const url = await presignedUrl({ ...object, expiresIn: 60 }, options);
    let status: number;
    try {
      const timeout = Math.min(budget.attempt[where], left);
      status = (
        await fetch(url, {
          method: object.method,
          ...(init.headers ? { headers: init.headers } : {}),
          ...(init.body ? { body: init.body } : {}),
          signal: AbortSignal.timeout(timeout),
        })
      ).status;
    } catch (error) {
      last = (error as Error).message;
      continue;
    }
    if (status < 500 && status !== 429) return status;
    last = `status ${status}`;
  }
  throw Object.assign(new Error(`${object.method} ${object.bucket}/${object.key} did not answer: ${last}`), {
    name: 'ServiceUnavailable',
  });
}

/**
 * Whether an object of the bucket exists: a presigned HEAD (2xx yes, 404 no). S3 answers 404 for a missing key
 * only to a role that may list the prefix (s3:ListBucket with an s3:prefix condition, manifest
 * `storage.checksExistence`); otherwise 403, which is thrown.
 */
export async function objectExists(
  bucket: PresignedObject['bucket'],
  key: string,
  options: PresignOptions = {},
): Promise<boolean> {
  const status = await sendPresigned({ bucket, key, method: 'HEAD' }, {}, OBJECT_CHECK_TIMEOUT_MS, options);
  if (status >= 200 && status < 300) return true;
  if (status === 404) return false;
  throw new ObjectRequestRefused(`HEAD ${bucket}/${key}: ${status}`);
}

/**
 * Puts a file the function wrote itself (an export) with a presigned PUT, its type and length signed: the role's
 * s3:PutObject on the prefix (manifest `storage.writes`), without S3Client and its XML protocol in the bundle.
 */
export async function putObject(
  bucket: PresignedObject['bucket'],
  key: string,
  bytes: Uint8Array,
  contentType: string,
  options: PresignOptions = {},
): Promise<void> {
  const headers = { 'content-type': contentType, 'content-length': String(bytes.byteLength) };
  const status = await sendPresigned(
    { bucket, key, method: 'PUT', headers },
    { body: bytes, headers: { 'content-type': contentType } },
    OBJECT_PUT_TIMEOUT_MS,
    options,
  );
  if (status < 200 || status >= 300) throw new ObjectRequestRefused(`PUT ${bucket}/${key}: ${status}`);
}
