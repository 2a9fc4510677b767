import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { JobsStack } from './stacks/jobs-stack';
import { StatefulStack } from './stacks/stateful-stack';

/**
 * Builds the CDK app: the stateful stack, then the API and the jobs stacks that use it, all from
 * shared/manifest.ts and shared/adapters/dynamodb/tables.ts. cdk-nag's AwsSolutions checks run on all of it.
 */
/** Feature flags, here rather than in cdk.json so that the tests synthesize exactly what the CLI does. */
const FEATURE_FLAGS = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  '@aws-cdk/aws-iam:minimizePolicies': true,
};

export function buildApp(context: Record<string, unknown> = {}) {
  const app = new App({ context: { ...FEATURE_FLAGS, ...context } });
  const config = stageConfig(app.node);
  const prefix = `Sgz-${config.stage}`;
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    config,
    terminationProtection: config.stage === 'prod',
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    env,
    config,
    mainTable: stateful.mainTable,
    auditTable: stateful.auditTable,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    reportsBucketName: stateful.reportsBucket.bucketName,
    archiveBucketName: stateful.archiveBucket.bucketName,
  });
  const jobsStack = new JobsStack(app, `${prefix}-Jobs`, {
    env,
    config,
    mainTable: stateful.mainTable,
    auditTable: stateful.auditTable,
  });
  jobsStack.addStackDependency(
    stateful,
    'the reports bucket must exist before its notification is configured',
  );

  Tags.of(app).add('project', 'jinan-sgz');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stateful, api, jobs: jobsStack };
}
