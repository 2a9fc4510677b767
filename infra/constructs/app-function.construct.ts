import { join } from 'node:path';
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { ENCRYPTION_CONTEXT, PERSON_DIGEST_CONTEXT } from '#shared/adapters/crypto/field-crypto';
import {
  type PersonalDataUse,
  personalDataUseOf,
  personalDataUseOfJob,
  personalDataUseOfTrigger,
  usesPersonDigest,
} from '#shared/adapters/crypto/personal-data-routes';
import { tables } from '#shared/adapters/dynamodb/tables';
import { bucketEnvVar, FIELD_KEY_ENV, MAIL_ENABLED_ENV, NOTICE_CHANNELS_ENV } from '#shared/config';
import {
  type JobDefinition,
  jobs,
  type RouteDefinition,
  routes,
  type TriggerDefinition,
  triggers,
} from '#shared/manifest';
import type { StageConfig } from '../config';
import { acknowledgeWildcardResources } from '../nag';
import { packageVersion, repoRoot } from '../paths';
import type { DefinedTable } from './app-table.construct';
import { LAMBDA_BUNDLING } from './bundling';

/** Read-only or read-write on a table of the system (never the audit table: see `bindAuditTable`). */
export type TableAccess = 'RO' | 'RW';
/** The audit table (R29.1): read it, or append to it and read it. There is no third mode. */
export type AuditAccess = 'READ' | 'APPEND';

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
/**
 * R29.1: an audit record cannot be altered. A put inside a TransactWriteItems is authorised as PutItem on that
 * item, so this is all a use case that writes a change and its audit record atomically needs.
 */
export const AUDIT_APPEND_ACTIONS = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem'] as const;
export const AUDIT_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;

/** What a function may do with the field key (shared/adapters/crypto/personal-data-routes.ts): nothing else. */
export const FIELD_KEY_ACTIONS: Readonly<Record<PersonalDataUse, readonly string[]>> = {
  seal: ['kms:GenerateDataKey'],
  reveal: ['kms:Decrypt'],
};

/** The field key of each app (by its root construct), as the stateful stack provides it. */
const fieldKeys = new WeakMap<IConstruct, IKey>();

/**
 * Makes `key` the key the app's functions seal and open personal data with. The stateful stack calls it; a
 * function whose route handles personal data is granted it when it is constructed.
 */
export function provideFieldKey(scope: Construct, key: IKey): void {
  fieldKeys.set(scope.node.root, key);
}

const routeOfHandler = new Map(
  (Object.entries(routes) as [string, RouteDefinition][]).map(([id, route]) => [route.handler, id]),
);

const triggerOfHandler = new Map(
  (Object.entries(triggers) as [string, TriggerDefinition][]).map(([id, t]) => [t.handler, id]),
);

/**
 * The module of a job that does its work: the scheduled function, or its worker when the job fans out (issue 20;
 * the dispatcher then only reads the index and hands items on, and holds nothing of what the work opens).
 */
const jobOfHandler = new Map(
  (Object.entries(jobs) as [string, JobDefinition][]).map(([id, job]) => [
    job.fanOut?.worker ?? job.handler,
    id,
  ]),
);

/**
 * What a handler module does with personal data, from its route's (or job's) entry in PERSONAL_DATA_ROUTES/JOBS; a
 * job's entry is its worker's when the job fans out.
 */
export const personalDataUseOfHandler = (handlerModule: string): PersonalDataUse | undefined => {
  const routeId = routeOfHandler.get(handlerModule);
  if (routeId) return personalDataUseOf(routeId);
  const jobId = jobOfHandler.get(handlerModule);
  if (jobId) return personalDataUseOfJob(jobId);
  const triggerId = triggerOfHandler.get(handlerModule);
  return triggerId ? personalDataUseOfTrigger(triggerId) : undefined;
};

/** Whether a handler module names people by the keyed digest of their ID number (PERSON_DIGEST_ROUTES/TRIGGERS). */
export const usesPersonDigestHandler = (handlerModule: string): boolean => {
  const id = routeOfHandler.get(handlerModule) ?? triggerOfHandler.get(handlerModule);
  return id !== undefined && usesPersonDigest(id);
};

/** What a function may do with the objects under a prefix (see `allowObjects`); nothing on the bucket itself. */
export type ObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:PutObjectRetention' | 's3:DeleteObject';

/** The ARN of every object under `prefix` (ending in `/`) of the bucket named `bucketName`. */
export function objectsArn(bucketName: string, prefix: string): string {
  if (!/^[a-z0-9][a-z0-9-]*\/$/.test(prefix)) {
    throw new Error(`object prefix ${prefix}: expected one folder name ending in "/" (no wildcard)`);
  }
  return `arn:${Aws.PARTITION}:s3:::${bucketName}/${prefix}*`;
}

export interface AppFunctionProps {
  /** Handler module path from the repository root, as the manifest names it; it exports `handler`. */
  readonly handlerModule: string;
  readonly description: string;
  /** Log retention, log level and removal policy of the function's log group come from the stage. */
  readonly config: StageConfig;
  /** Physical bucket names, exposed under the variables shared/config.ts reads (none for the authorizer). */
  readonly bucketNames?: { readonly [K in keyof typeof bucketEnvVar]: string };
  /** @default 15 seconds (an HTTP API integration times out at 30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /**
   * The function sends the notices' e-mail (the notice-delivery job's worker alone): when the stage has `mail`,
   * its role may call `ses:SendEmail` as that identity (and on nothing else) and it gets the sender as
   * `MAIL_FROM`, which shared/adapters/mail/mailer.ts reads. Without `mail`: neither, and the mailer sends nothing.
   * @default false
   */
  readonly sendsMail?: boolean;
  /**
   * Data files the handler reads at run time (not code, so esbuild cannot bundle them), copied from the repository
   * root into the bundle at the same relative paths, e.g. pdf.js's CMaps for the report trigger.
   */
  readonly bundleFiles?: readonly string[];
}

const SAFE_PATH = /^[A-Za-z0-9_.@/-]+$/;

/** esbuild bundling runs locally; after it, `cp -R` each file or folder into the output at the same path. */
function copyIntoBundle(files: readonly string[]) {
  for (const f of files) {
    if (!SAFE_PATH.test(f) || f.startsWith('/') || f.split('/').includes('..')) {
      throw new Error(`bundleFiles: ${f} is not a relative path inside the repository`);
    }
  }
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      files.flatMap((f) => {
        const parent = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '.';
        return [`mkdir -p "${outputDir}/${parent}"`, `cp -R "${inputDir}/${f}" "${outputDir}/${parent}/"`];
      }),
  };
}

/**
 * A Lambda function with the defaults every handler of the system has: Node.js 22 on arm64; one ESM bundle per
 * handler, built by the local esbuild as LAMBDA_BUNDLING says (./bundling.ts: the AWS SDK inside, so the code runs
 * the SDK version it was tested with, not the runtime's; minified, UTF-8), with a source map that the bundle's
 * banner applies to a stack trace when one is first formatted (STACK_SOURCE_MAPS_BANNER: not Node's
 * `--enable-source-maps`, which reads the map in every cold start); its own log group with the stage's retention; and its own role, which may write its log group and nothing else until a binding
 * grants more (no managed policy).
 */
export class AppFunction extends NodejsFunction {
  /** What the function does with personal data (its route's entry in PERSONAL_DATA_ROUTES), if anything. */
  readonly personalData: PersonalDataUse | undefined;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const { config } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handlerModule}`,
    });
    super(scope, id, {
      entry: join(repoRoot, props.handlerModule),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      logGroup,
      role,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'sgz',
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        APP_VERSION: packageVersion,
        ...Object.fromEntries(
          (Object.keys(bucketEnvVar) as (keyof typeof bucketEnvVar)[]).flatMap((b) =>
            props.bucketNames ? [[bucketEnvVar[b], props.bucketNames[b]]] : [],
          ),
        ),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLING.target,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        sourcesContent: LAMBDA_BUNDLING.sourcesContent,
        esbuildArgs: { ...LAMBDA_BUNDLING.esbuildArgs },
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        logLevel: LogLevel.WARNING,
        banner: LAMBDA_BUNDLING.banner,
        ...(props.bundleFiles?.length ? { commandHooks: copyIntoBundle(props.bundleFiles) } : {}),
      },
    });
    logGroup.grantWrite(role);
    // The stage e-mails notices: every function puts the notices it commits in the notice outbox (byDue
    // DUE#NOTICE) and creates their deliveries (shared/config.ts mailTransport, stageChannels); only the
    // notice-delivery job sends them (`sendsMail`).
    if (config.mail) this.addEnvironment(MAIL_ENABLED_ENV, 'true');
    // Likewise for SMS and the webhook: only the notice-delivery job holds their settings and secrets
    // (infra/stacks/jobs-stack.ts).
    const channels = [config.sms ? 'sms' : undefined, config.webhook ? 'webhook' : undefined].filter(Boolean);
    if (channels.length > 0) this.addEnvironment(NOTICE_CHANNELS_ENV, channels.join(','));
    if (props.sendsMail && config.mail) {
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['ses:SendEmail'],
          resources: [sesIdentityArn(this, config.mail.identity)],
        }),
      );
      this.addEnvironment('MAIL_FROM', config.mail.from);
    }
    this.personalData = personalDataUseOfHandler(props.handlerModule);
    if (this.personalData) this.bindFieldKey(this.personalData);
    if (usesPersonDigestHandler(props.handlerModule)) this.bindPersonDigestKey();
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the project is built and tested for (esbuild target node22, Node 22 types); it is supported by Lambda until 2027-04-30 and a runtime upgrade is a deliberate, separately tested change.',
    });
  }

  /** Read ('RO') or read-write ('RW') on a table of the system, and its name in the environment. */
  bindTable(table: DefinedTable, access: TableAccess): this {
    if (table.definition === tables.audit) {
      throw new Error(`${this.node.path}: the audit table is bound with bindAuditTable (R29.1)`);
    }
    return this.allow(table, READ_ACTIONS, access === 'RW' ? WRITE_ACTIONS : []);
  }

  /**
   * The audit table (R29.1): 'READ' (GetItem, Query) or 'APPEND' (PutItem and ConditionCheckItem as well).
   * Never UpdateItem, DeleteItem or BatchWriteItem: no function can alter or remove an audit record. A function
   * that reveals personal data appends whatever it asked for, even for a GET: each such read is an audit record.
   */
  bindAuditTable(table: DefinedTable, access: AuditAccess): this {
    if (table.definition !== tables.audit) {
      throw new Error(`${this.node.path}: bindAuditTable takes the audit table only`);
    }
    const appends = access === 'APPEND' || this.personalData === 'reveal';
    return this.allow(table, AUDIT_READ_ACTIONS, appends ? AUDIT_APPEND_ACTIONS : []);
  }

  /**
   * The field key of the app (see `provideFieldKey`): `kms:GenerateDataKey` to seal, `kms:Decrypt` to reveal, on
   * that key only and only with the encryption context the code passes; its ARN under FIELD_KEY_ID.
   */
  private bindFieldKey(use: PersonalDataUse): void {
    const key = fieldKeys.get(this.node.root);
    if (!key) {
      throw new Error(
        `${this.node.path}: its route handles personal data (${use}), but the app has no field key (provideFieldKey)`,
      );
    }
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...FIELD_KEY_ACTIONS[use]],
        resources: [key.keyArn],
        conditions: {
          StringEquals: Object.fromEntries(
            Object.entries(ENCRYPTION_CONTEXT).map(([k, v]) => [`kms:EncryptionContext:${k}`, v]),
          ),
        },
      }),
    );
    this.addEnvironment(FIELD_KEY_ENV, key.keyArn);
  }

  /**
   * The deployment's person-digest key (shared/adapters/crypto/person-digest.ts), wrapped under the field key with
   * its own encryption context: `kms:GenerateDataKey` (the first function to need it makes it) and `kms:Decrypt`,
   * only with `purpose: person-digest`, so this grant opens no personal data.
   */
  private bindPersonDigestKey(): void {
    const key = fieldKeys.get(this.node.root);
    if (!key) throw new Error(`${this.node.path}: it names people by digest, but the app has no field key`);
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: Object.fromEntries(
            Object.entries(PERSON_DIGEST_CONTEXT).map(([k, v]) => [`kms:EncryptionContext:${k}`, v]),
          ),
        },
      }),
    );
    this.addEnvironment(FIELD_KEY_ENV, key.keyArn);
  }

  /**
   * The readiness probe (manifest `probesStores`, shared/adapters/readiness.ts): `dynamodb:GetItem` on the main table
   * itself (no index, no other action), `s3:GetObject` on the one probe object of the reports bucket (a HEAD is
   * authorised as GET) and `s3:ListBucket` on that bucket for exactly that key (so that S3 answers a missing probe
   * object with 404, not 403). Nothing else: no audit table, no other key. The table's name under its variable.
   */
  bindStoreProbe({ table, definition }: DefinedTable, reportsBucketName: string, objectKey: string): this {
    if (definition !== tables.main) {
      throw new Error(`${this.node.path}: the readiness probe reads the main table only`);
    }
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
      }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [`arn:${Aws.PARTITION}:s3:::${reportsBucketName}/${objectKey}`],
      }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [`arn:${Aws.PARTITION}:s3:::${reportsBucketName}`],
        conditions: { StringEquals: { 's3:prefix': [objectKey] } },
      }),
    );
    this.addEnvironment(definition.envVar, table.tableName);
    return this;
  }

  /**
   * `actions` on the objects under `prefix` of the bucket named `bucketName` and on nothing else of any bucket.
   * Objects are named per upload (one key per slot and version), so the prefix is the narrowest resource there
   * is: cdk-nag's AwsSolutions-IAM5 finding for exactly that ARN is acknowledged, with `reason`.
   */
  allowObjects(bucketName: string, prefix: string, actions: readonly ObjectAction[], reason: string): this {
    const arn = objectsArn(bucketName, prefix);
    this.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: [...actions], resources: [arn] }),
    );
    acknowledgeWildcardResources(this.role as Role, [arn], reason);
    return this;
  }

  /**
   * Reads on the table and each index its definition declares, named one by one (no `index/*`); writes on the
   * table itself (an index cannot be written). The table's physical name goes under the definition's variable.
   */
  private allow(
    { table, definition }: DefinedTable,
    reads: readonly string[],
    writes: readonly string[],
  ): this {
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...reads],
        resources: [
          table.tableArn,
          ...definition.indexes.map((index) => `${table.tableArn}/index/${index.name}`),
        ],
      }),
    );
    if (writes.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: [...writes], resources: [table.tableArn] }),
      );
    }
    this.addEnvironment(definition.envVar, table.tableName);
    return this;
  }
}

/** The ARN of a verified SES identity (a domain or an address) in the region and account of `scope`'s stack. */
export const sesIdentityArn = (scope: Construct, identity: string): string =>
  Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
