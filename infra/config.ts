import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Per-stage settings, from CDK context (`-c stage=test`, `-c throttleRate=…`) with production defaults. The
 * defaults are the safe ones: retained data, long log retention, Object Lock in governance mode.
 */
export interface StageConfig {
  readonly stage: string;
  /** Steady-state requests per second and burst for the whole API stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
  /** R10.1: evaluation-related material is kept at least 5 years; the archive's default lock. */
  readonly archiveRetention: Duration;
  /** Governance lets a privileged, audited principal correct a mistaken object; compliance never. */
  readonly archiveLockMode: 'governance' | 'compliance';
  readonly removalPolicy: RemovalPolicy;
  /** Browser origins allowed to call the API and PUT to presigned URLs. */
  readonly allowedOrigins: readonly string[];
}

export function stageConfig(node: Node): StageConfig {
  const ctx = (key: string): string | undefined => node.tryGetContext(key);
  const stage = ctx('stage') ?? 'prod';
  return {
    stage,
    throttle: {
      rateLimit: Number(ctx('throttleRate') ?? 50),
      burstLimit: Number(ctx('throttleBurst') ?? 100),
    },
    logRetention: stage === 'prod' ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    archiveRetention: Duration.days(Number(ctx('archiveRetentionDays') ?? 5 * 365 + 2)),
    archiveLockMode: ctx('archiveLockMode') === 'compliance' ? 'compliance' : 'governance',
    removalPolicy: RemovalPolicy.RETAIN,
    allowedOrigins: (ctx('allowedOrigins') ?? 'https://sgz.jinan.example').split(','),
  };
}

/**
 * Physical bucket names, fixed by stage, account and region so that the jobs stack can address the reports
 * bucket by name without importing it from the stateful stack (no cross-stack export to pin it).
 */
export const physicalBucketName = (config: StageConfig, kind: 'reports' | 'archive'): string =>
  `sgz-${config.stage}-${kind}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
