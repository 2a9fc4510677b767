import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Per-stage settings, read from CDK context (`npx cdk deploy --all -c stage=test -c throttleRate=20`) with
 * defaults. The defaults are the production ones; any other stage name relaxes only what can be rebuilt.
 */
export interface StageConfig {
  /** Stage name, part of every stack name (`Sgz-<stage>-Stateful`). Lowercase letters and digits. */
  readonly stage: string;
  /** Whole-API steady-state requests per second and burst (HTTP API stage default route settings). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Retention of every Lambda log group and of the API access logs. */
  readonly logRetention: RetentionDays;
  /** Powertools log level of every function. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * R10.1: default Object Lock retention of the archive bucket, the shortest retention rule of the regulation
   * (material related to evaluations, at least 5 years). Longer rules (30 years, permanent) are set per object.
   */
  readonly archiveRetention: Duration;
  /**
   * R10.1 says nothing under retention can be deleted: `compliance` (nobody, not even the account root, can
   * shorten or remove a lock) in production; `governance` elsewhere so that a test stage's objects can be
   * cleaned up by a principal allowed to bypass it.
   */
  readonly archiveLockMode: 'governance' | 'compliance';
  /**
   * For what can be rebuilt (log groups, the job failure queue). The stateful stack ignores it: tables, buckets
   * and the user pool are always retained.
   */
  readonly removalPolicy: RemovalPolicy;
  /** Browser origins allowed to call the API and to PUT to presigned upload URLs. */
  readonly allowedOrigins: readonly string[];
}

/** The context keys read by {@link stageConfig}, for the README and the error messages. */
export const CONTEXT_KEYS = [
  'stage',
  'throttleRate',
  'throttleBurst',
  'logRetentionDays',
  'logLevel',
  'archiveRetentionDays',
  'archiveLockMode',
  'removalPolicy',
  'allowedOrigins',
] as const;

type ContextKey = (typeof CONTEXT_KEYS)[number];

/** Five years and the leap days in them. */
const FIVE_YEARS_IN_DAYS = 1827;

export function stageConfig(node: Node): StageConfig {
  const read = (key: ContextKey): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const stage = read('stage') ?? 'prod';
  if (!/^[a-z][a-z0-9]{0,15}$/.test(stage)) {
    throw new Error(
      `context stage=${stage}: expected 1-16 lowercase letters or digits, starting with a letter`,
    );
  }
  const prod = stage === 'prod';

  const positiveInt = (key: ContextKey, fallback: number): number => {
    const raw = read(key);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`context ${key}=${raw}: expected a positive integer`);
    }
    return value;
  };
  const oneOf = <T extends string>(key: ContextKey, allowed: readonly T[], fallback: T): T => {
    const raw = read(key)?.toLowerCase() ?? fallback.toLowerCase();
    const found = allowed.find((a) => a.toLowerCase() === raw);
    if (!found) throw new Error(`context ${key}=${raw}: expected one of ${allowed.join(', ')}`);
    return found;
  };

  const logRetentionDays = positiveInt(
    'logRetentionDays',
    prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
  );
  if (!Object.values(RetentionDays).includes(logRetentionDays)) {
    throw new Error(`context logRetentionDays=${logRetentionDays}: not a CloudWatch Logs retention period`);
  }
  const throttle = {
    rateLimit: positiveInt('throttleRate', 50),
    burstLimit: positiveInt('throttleBurst', 100),
  };
  if (throttle.burstLimit < throttle.rateLimit) {
    throw new Error(
      `context throttleBurst=${throttle.burstLimit} is below throttleRate=${throttle.rateLimit}`,
    );
  }

  const allowedOrigins = (read('allowedOrigins') ?? 'https://sgz.jinan.example')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`context allowedOrigins: ${origin} is not an origin (scheme://host[:port], no path)`);
    }
  }

  return {
    stage,
    throttle,
    logRetention: logRetentionDays as RetentionDays,
    logLevel: oneOf('logLevel', ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const, prod ? 'INFO' : 'DEBUG'),
    archiveRetention: Duration.days(positiveInt('archiveRetentionDays', FIVE_YEARS_IN_DAYS)),
    archiveLockMode: oneOf(
      'archiveLockMode',
      ['governance', 'compliance'] as const,
      prod ? 'compliance' : 'governance',
    ),
    removalPolicy:
      oneOf('removalPolicy', ['retain', 'destroy'] as const, prod ? 'retain' : 'destroy') === 'retain'
        ? RemovalPolicy.RETAIN
        : RemovalPolicy.DESTROY,
    allowedOrigins,
  };
}
