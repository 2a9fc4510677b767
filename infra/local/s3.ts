import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Context } from 'aws-lambda';
import S3rver from 's3rver';
import { now } from '#shared/clock';
import { bucketName } from '#shared/config';
import { type TriggerDefinition, triggers } from '#shared/manifest';
import { encodeObjectKey } from '#shared/storage/s3-event';
import { lambdaContext, loadHandler } from './api-gateway';
import { RESTART_DELAYS_MS, RESTART_WINDOW_MS } from './dynamodb';

/**
 * Local S3 (s3rver) with the buckets the stack declares; each ObjectCreated event is delivered to the manifest's
 * trigger handler for its bucket and prefix, in the real S3 notification shape (URL-encoded keys included).
 *
 * s3rver runs inside the runtime's process, its objects on disk under `directory`. Its HTTP server is supervised
 * as DynamoDB Local's process is (./dynamodb.ts): when it stops without being asked to (it closed, or failed), it
 * listens again on the same port, over the same objects, after the same bounded backoff (`RESTART_DELAYS_MS`); a
 * port that stays taken uses up the budget within `RESTART_WINDOW_MS`, and `onGiveUp` is told why, in Chinese
 * and English.
 */
export interface LocalS3 {
  readonly endpoint: string;
  /** Resolves when every event delivered so far has been handled (for tests). */
  drain(): Promise<void>;
  /** What each trigger invocation was given and returned, newest last (for tests and the demo). */
  readonly deliveries: readonly Delivery[];
  /**
   * While a receiver is set, each trigger's events go to it instead of the handler in this process: a benchmark
   * runs the function's bundle in a Node process of its own, as Lambda does, to measure that process alone.
   */
  redirect(receiver: ((trigger: string, event: unknown) => void) | undefined): void;
  /** How many times it has been brought back after its server closed without being asked to. */
  restarts(): number;
  /** Resolves once it serves (at once when it is up; after the restart when one is under way). */
  ready(): Promise<void>;
  /**
   * For fault tests: its server stops as if s3rver had died — no new connection is accepted and every open one
   * (keep-alive included) is dropped at once. The supervisor then brings it back like any unexpected stop.
   */
  kill(): Promise<void>;
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
  /** It could not be brought back: the message says what happened and what to do, in Chinese and English. */
  onGiveUp?: (message: string) => void;
}): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const s3rver = new S3rver({
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
  let receiver: ((trigger: string, event: unknown) => void) | undefined;
  s3rver.on('event', (event: S3rverEvent) => {
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
        if (receiver) {
          receiver(id, shaped);
          continue;
        }
        const delivery = loadHandler<(e: unknown, c: Context) => Promise<unknown>>(trigger.handler)
          // The trigger's own timeout, as deployed (a bulk import stops between batches when it runs short).
          .then((handler) => handler(shaped, lambdaContext(id, (trigger.timeoutMinutes ?? 2) * 60_000)))
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
  await s3rver.configureBuckets();

  /** One HTTP server serving s3rver's handler; it rejects when the port is taken (s3rver's own run() would not). */
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(s3rver.callback());
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(server);
      });
    });

  let current = await listen(options.port);
  const address = current.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const restartTimes: number[] = [];
  let total = 0;

  const supervise = (server: Server) => {
    // An 'error' after listening (rare: the socket failed) closes it, which the supervisor then sees.
    server.on('error', (error) => {
      console.error('local s3: server failed', error);
      server.close();
    });
    server.once('close', () => {
      if (stopping || current !== server) return;
      restarting = restartAfterStop().finally(() => {
        restarting = undefined;
      });
    });
  };

  const restartAfterStop = async (): Promise<void> => {
    let reason = 'its server stopped unexpectedly';
    for (;;) {
      const at = Date.now();
      while (restartTimes.length > 0 && at - (restartTimes[0] as number) > RESTART_WINDOW_MS)
        restartTimes.shift();
      const delay = RESTART_DELAYS_MS[restartTimes.length];
      if (delay === undefined) {
        const tries = RESTART_DELAYS_MS.length;
        (options.onGiveUp ?? ((message: string) => console.error(message)))(
          `本地 S3（s3rver）在 ${RESTART_WINDOW_MS / 60_000} 分钟内重启 ${tries} 次仍无法恢复（${reason}），本地运行环境停止；请检查端口 ${port} 是否被占用和数据目录后重新运行 npm start。\n` +
            `Local S3 (s3rver) could not be kept running (${reason}; ${tries} restarts within ${RESTART_WINDOW_MS / 60_000} min): the local runtime stops. Check that port ${port} is free and the data directory, then run npm start again.`,
        );
        return;
      }
      restartTimes.push(at);
      console.error(
        `Local S3 (s3rver): ${reason}; restarting in ${delay} ms (restart ${restartTimes.length} of ${RESTART_DELAYS_MS.length}) …\n` +
          `本地 S3（s3rver）意外停止，${delay} 毫秒后第 ${restartTimes.length} 次重启 …`,
      );
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        current = await listen(port);
        total += 1;
        supervise(current);
        console.error(`Local S3 (s3rver) is back on port ${port}. 本地 S3 已恢复。`);
        return;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
    }
  };

  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  supervise(current);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    deliveries,
    drain: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    redirect: (to) => {
      receiver = to;
    },
    restarts: () => total,
    ready: async () => {
      while (restarting) await restarting;
    },
    kill: () => close(current),
    stop: async () => {
      stopping = true;
      await restarting?.catch(() => undefined);
      await close(current);
    },
  };
}
