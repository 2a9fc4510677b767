import { mkdirSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import S3rver from 's3rver';
import { now } from '#shared/clock';
import { bucketName } from '#shared/config';
import { type TriggerDefinition, triggers } from '#shared/manifest';
import { encodeObjectKey } from '#shared/storage/s3-event';
import { lambdaContext, loadHandler } from './api-gateway';

/**
 * Local S3 (s3rver) with the buckets the stack declares; each ObjectCreated event is delivered to the manifest's
 * trigger handler for its bucket and prefix, in the real S3 notification shape (URL-encoded keys included).
 */
export interface LocalS3 {
  readonly endpoint: string;
  /** Resolves when every event delivered so far has been handled (for tests). */
  drain(): Promise<void>;
  /** What each trigger invocation was given and returned, newest last (for tests and the demo). */
  readonly deliveries: readonly Delivery[];
  stop(): Promise<void>;
}

export interface Delivery {
  readonly trigger: string;
  readonly event: unknown;
  readonly result?: unknown;
  readonly error?: string;
}

interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

const BROWSER_UPLOAD_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>
<AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export async function startLocalS3(options: {
  port: number;
  directory: string;
  silent?: boolean;
}): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    directory: options.directory,
    silent: options.silent ?? true,
    // The portal PUTs to presigned URLs from the browser: CORS as the deployed buckets allow it (any origin is
    // harmless locally; the presigned signature is the authority).
    configureBuckets: [
      { name: bucketName('reports'), configs: [BROWSER_UPLOAD_CORS] },
      { name: bucketName('archive'), configs: [BROWSER_UPLOAD_CORS] },
    ],
  });
  const pending = new Set<Promise<void>>();
  const deliveries: Delivery[] = [];
  server.on('event', (event: S3rverEvent) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const key = record.s3.object.key;
      for (const [id, trigger] of Object.entries(triggers) as [string, TriggerDefinition][]) {
        if (bucketName(trigger.bucket) !== record.s3.bucket.name || !key.startsWith(trigger.prefix)) continue;
        const shaped = {
          Records: [
            {
              ...record,
              awsRegion: 'cn-north-1',
              // Stamped with the runtime's clock (shared/clock), so a pinned demo or test date decides timeliness.
              eventTime: now().toISOString(),
              s3: { ...record.s3, object: { ...record.s3.object, key: encodeObjectKey(key) } },
            },
          ],
        };
        const delivery = loadHandler<(e: unknown, c: Context) => Promise<unknown>>(trigger.handler)
          .then((handler) => handler(shaped, lambdaContext(id)))
          .then(
            (result) => {
              deliveries.push({ trigger: id, event: shaped, result });
            },
            (error: unknown) => {
              deliveries.push({ trigger: id, event: shaped, error: String(error) });
              console.error(`local s3: trigger ${id} failed`, error);
            },
          )
          .finally(() => pending.delete(delivery));
        pending.add(delivery);
      }
    }
  });
  const address = await server.run();
  const port = typeof address === 'object' && address && 'port' in address ? address.port : options.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    deliveries,
    drain: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stop: () => server.close(),
  };
}
