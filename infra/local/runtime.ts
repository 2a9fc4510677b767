import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { resetAuthorizer } from '#functions/auth/authorizer.handler';
import { resetFieldCrypto } from '#shared/adapters/crypto/field-crypto';
import { resetPersonDigest } from '#shared/adapters/crypto/person-digest';
import { resetDocumentClient } from '#shared/adapters/dynamodb/client';
import { forgetDivisionsCache } from '#shared/adapters/dynamodb/divisions.repository';
import { IDENTITY_AUDIENCE_ENV, IDENTITY_ISSUER_ENV } from '#shared/adapters/identity/oidc-verifier';
import { resetS3Client } from '#shared/adapters/s3/reports-store';
import { resetClaimMapping, resetVerifier } from '#shared/http/auth';
import { IDENTITY_CLAIMS_ENV, OIDC_CLAIMS } from '#shared/http/claim-mapping';
import { OPENAPI_SERVER_URL_ENV } from '#shared/http/openapi';
import { seedHandler } from '#shared/manifest';
import type { VerifierMode } from './api-gateway';
import { createApiServer, loadHandler } from './api-gateway';
import { type DynamoLocal, ensureTables, startDynamoLocal } from './dynamodb';
import { LOCAL_SCOPE, type LocalIdentity, PORTAL_CLIENT_ID, startLocalIdentity } from './identity';
import type { PortalOptions } from './portal';
import { RUNTIME_FILE, type RuntimeFile } from './runtime-file';
import { type LocalS3, startLocalS3 } from './s3';
import { type LocalScheduler, startScheduler } from './scheduler';
import { type LocalSink, startLocalChannels } from './sink';

/**
 * The whole system on one machine: DynamoDB Local, s3rver, the tables and seed data, the HTTP API, the
 * schedules and the storage trigger, all built from shared/manifest.ts like the CDK app.
 */
export interface RuntimeOptions {
  readonly port: number;
  readonly s3Port: number;
  readonly dynamoPort: number;
  /** Where DynamoDB Local, s3rver, the signing key and the local field-encryption key keep their data. */
  readonly dataDir: string;
  /** Keep DynamoDB in memory (tests). */
  readonly inMemory?: boolean;
  /** Start the croner timers (off in tests, which fire jobs explicitly). */
  readonly schedules?: boolean;
  /** The port of the sink that receives SMS and webhook requests (absent: SINK_PORT, else any free port). */
  readonly sinkPort?: number;
  /** The local OpenID Connect provider's port (0 or absent: any free port). */
  readonly identityPort?: number;
  /** Which authorizer the local gateway plays: `jwt` (default) or `lambda` (the China regions' default). */
  readonly verifier?: VerifierMode;
  /**
   * A store died and could not be restarted (the message, in Chinese and English, says what to do). `npm start`
   * prints it and exits 1; absent, it is printed and the runtime serves on (answering 503).
   */
  readonly onStoreLost?: (message: string) => void;
}

export interface LocalRuntime {
  readonly apiUrl: string;
  readonly s3Url: string;
  readonly dynamoUrl: string;
  /** The supervised DynamoDB Local (its process id, its restarts). */
  readonly dynamo: DynamoLocal;
  /** The local OpenID Connect provider (its issuer URL, and sign-in for the demo users). */
  readonly identity: LocalIdentity;
  readonly scheduler: LocalScheduler;
  readonly s3: LocalS3;
  /** Receives the SMS and webhook requests and records them in `<dataDir>/sink/requests.jsonl`. */
  readonly sink: LocalSink;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {}

/** DynamoDB Local needs Java 17+; say so plainly instead of failing deep inside a child process. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new JavaMissingError(
      'Java (17 or newer) is required to run DynamoDB Local: install it with `sudo apt-get install -y openjdk-17-jre-headless`.',
    );
  }
}

export async function startLocalRuntime(options: RuntimeOptions): Promise<LocalRuntime> {
  assertJava();
  let seeded = false;
  const dynamo: DynamoLocal = await startDynamoLocal({
    port: options.dynamoPort,
    ...(options.inMemory ? {} : { dataDir: join(options.dataDir, 'dynamodb') }),
    // Restarted after an unexpected exit: its tables are there again from the data directory, or (in memory)
    // created and seeded anew.
    onRestarted: async () => {
      await ensureTables(dynamo.endpoint);
      if (options.inMemory && seeded) await (await loadHandler<() => Promise<unknown>>(seedHandler))();
    },
    onGiveUp: options.onStoreLost ?? ((message) => console.error(message)),
  });
  let s3: LocalS3 | undefined;
  let sink: LocalSink | undefined;
  let server: Server | undefined;
  let scheduler: LocalScheduler | undefined;
  let identity: LocalIdentity | undefined;
  try {
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.AWS_REGION ??= 'cn-north-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    resetDocumentClient();
    // A process that ran another runtime before (tests) must not answer from that store's divisions.
    forgetDivisionsCache();
    await ensureTables(dynamo.endpoint);

    // Supervised like DynamoDB Local: a server that stops is listened again on the same port and objects.
    s3 = await startLocalS3({
      port: options.s3Port,
      directory: join(options.dataDir, 's3'),
      onGiveUp: options.onStoreLost ?? ((message) => console.error(message)),
    });
    process.env.S3_ENDPOINT = s3.endpoint;
    resetS3Client();
    // Notifications are e-mailed into an outbox file locally (SES on AWS): `.data/outbox/outbox.jsonl`.
    process.env.MAIL_OUTBOX_DIR ??= join(options.dataDir, 'outbox');
    // SMS and webhooks go over HTTP to a local sink that records each request: `.data/sink/requests.jsonl`.
    const sinkPort = options.sinkPort ?? Number(process.env.SINK_PORT ?? 0);
    sink = await startLocalChannels(options.dataDir, sinkPort);
    // Personal data is sealed under a local 256-bit master key standing in for KMS, made once in the data directory.
    process.env.LOCAL_FIELD_KEY_FILE ??= join(options.dataDir, 'local-field-key');
    resetFieldCrypto();
    // The person-digest key lives in the table: another runtime in this process has another.
    resetPersonDigest();

    const seed = await loadHandler<() => Promise<unknown>>(seedHandler);
    await seed();
    seeded = true;

    identity = await startLocalIdentity({
      port: options.identityPort ?? 0,
      keyFile: join(options.dataDir, 'oidc-signing-keys.json'),
    });
    // The functions and the verifier are configured as a deployment with an OIDC issuer is (infra/config.ts).
    process.env[IDENTITY_ISSUER_ENV] = identity.issuer;
    process.env[IDENTITY_AUDIENCE_ENV] = identity.audience.join(',');
    process.env[IDENTITY_CLAIMS_ENV] = JSON.stringify(OIDC_CLAIMS);
    resetClaimMapping();
    resetVerifier();
    resetAuthorizer();
    let portal: PortalOptions | undefined;
    server = createApiServer({
      identity,
      ...(options.verifier ? { verifier: options.verifier } : {}),
      portal: () => portal,
      scheduler: () => scheduler,
    });
    await new Promise<void>((ok, fail) => {
      server?.once('error', fail);
      server?.listen(options.port, '127.0.0.1', () => ok());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    scheduler = startScheduler(options.schedules ?? true);
    const apiUrl = `http://127.0.0.1:${port}`;
    // The OpenAPI document it serves names this server (the checked-in one says port 3000).
    process.env[OPENAPI_SERVER_URL_ENV] = `http://localhost:${port}`;
    // The portal (web/dist) on the API's origin, signing in at the local provider as its own public client.
    identity.registerPortal([apiUrl, `http://localhost:${port}`]);
    portal = {
      config: { issuer: identity.issuer, clientId: PORTAL_CLIENT_ID, scope: LOCAL_SCOPE },
      connectSrc: [identity.issuer, s3.endpoint],
    };
    const runtimeFile = join(options.dataDir, RUNTIME_FILE);
    writeFileSync(
      runtimeFile,
      JSON.stringify({
        pid: process.pid,
        apiUrl,
        issuer: identity.issuer,
        clientId: identity.audience[0] as string,
      } satisfies RuntimeFile),
    );
    const started = { server, s3, scheduler, identity };
    return {
      apiUrl,
      s3Url: s3.endpoint,
      dynamoUrl: dynamo.endpoint,
      dynamo,
      identity,
      scheduler,
      s3,
      sink,
      stop: async () => {
        await sink?.stop();
        rmSync(runtimeFile, { force: true });
        started.scheduler.stop();
        await new Promise<void>((ok) => started.server.close(() => ok()));
        await started.identity.stop();
        await started.s3.stop().catch(() => undefined);
        await dynamo.stop();
      },
    };
  } catch (error) {
    scheduler?.stop();
    server?.close();
    await identity?.stop();
    await s3?.stop().catch(() => undefined);
    await sink?.stop();
    await dynamo.stop();
    throw error;
  }
}
