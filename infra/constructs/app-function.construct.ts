import { join } from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { tables } from '#shared/adapters/dynamodb/tables';
import { bucketEnvVar } from '#shared/config';
import { repoRoot } from '../paths';

/** The table's ARN and the ARN of each index its definition declares. */
const tableResources = (table: ITable, id: keyof typeof tables): string[] => [
  table.tableArn,
  ...tables[id].indexes.map((index) => `${table.tableArn}/index/${index.name}`),
];

export interface AppFunctionProps {
  /** Handler module path from the repository root, as the manifest names it. */
  readonly handlerModule: string;
  readonly description: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
}

/**
 * A Lambda function with the defaults every handler of the system has: Node.js 22 on arm64, ESM bundled by
 * esbuild with the AWS SDK inside (no reliance on the runtime's copy), minified with source maps, its own log
 * group with a retention, and its own role (no managed policies: it may write its log group and nothing else
 * until a binding grants more).
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
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
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'sgz',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        APP_VERSION: process.env.npm_package_version ?? '0.1.0',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        externalModules: [],
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    logGroup.grantWrite(role);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'The runtime is pinned to nodejs22.x by the project design (Node 20 locally, 22 on Lambda); moving to a newer runtime is a deliberate change tested on its own.',
    });
  }

  /**
   * Read ('RO') or read-write ('RW') on a table and each of its declared indexes, named one by one (no
   * wildcard), and the table's name in the environment.
   */
  bindTable(table: ITable, id: keyof typeof tables, access: 'RO' | 'RW'): this {
    const read = [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    ];
    const write = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: access === 'RO' ? read : [...read, ...write],
        resources: tableResources(table, id),
      }),
    );
    this.addEnvironment(tables[id].envVar, table.tableName);
    return this;
  }

  /**
   * The audit table (R29.1): put new records and read them, never update or delete one. Puts inside a
   * TransactWriteItems are authorised per item, so this is all a transaction needs.
   */
  bindAudit(table: ITable): this {
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [
          'dynamodb:PutItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:DescribeTable',
        ],
        resources: tableResources(table, 'audit'),
      }),
    );
    this.addEnvironment(tables.audit.envVar, table.tableName);
    return this;
  }

  /** The physical bucket name in the environment, under the variable shared/config.ts reads. */
  bindBucketName(id: keyof typeof bucketEnvVar, bucketName: string): this {
    this.addEnvironment(bucketEnvVar[id], bucketName);
    return this;
  }
}
