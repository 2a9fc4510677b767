import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageConfig, stageConfig } from './config';
import { repoRoot } from './paths';
import { ApiStack } from './stacks/api-stack';
import { JobsStack } from './stacks/jobs-stack';
import { StatefulStack } from './stacks/stateful-stack';

export interface BuiltApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly api: ApiStack;
  readonly jobs: JobsStack;
}

/**
 * The context of cdk.json. The CLI passes it to the app itself; reading it here too means a test synthesizes with
 * exactly the flags `npx cdk synth` uses. cdk.json holds aws-cdk-lib's recommended feature flags (as `cdk init`
 * writes them) with one deliberate exception: `@aws-cdk/core:defaultCrossStackReferences` is `strong`
 * (Fn::ImportValue, available in every partition, and CloudFormation refuses to delete the stateful stack while
 * the API or jobs stack still imports from it) rather than the recommended `weak`. It also holds
 * `cli-telemetry: false`, which the CLI reads from context, not from the top level.
 */
const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')).context ?? {};

/**
 * Builds the CDK app without synthesizing it: the stateful stack, and the API and jobs stacks that use it, all
 * from shared/manifest.ts and shared/adapters/dynamodb/tables.ts. Environment-agnostic (no account or region
 * lookups): the account and region are those `cdk deploy` targets. cdk-nag's AwsSolutions pack validates the
 * whole app at synthesis; a finding that is not acknowledged with a reason fails it.
 *
 * @param context CDK context on top of cdk.json's, e.g. `{ stage: 'test' }` or, in tests,
 *   `{ 'aws:cdk:bundling-stacks': [] }` to skip esbuild.
 */
export function buildApp(context: Record<string, unknown> = {}): BuiltApp {
  const app = new App({ context: { ...cdkJsonContext(), ...context } });
  const config = stageConfig(app.node);
  const prefix = `Sgz-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    config,
    description: `济南市社会工作服务站管理系统 (${config.stage}): tables, buckets, user pool; retained`,
    terminationProtection: config.stage === 'prod',
  });
  const shared = {
    config,
    mainTable: stateful.mainTable,
    auditTable: stateful.auditTable,
    bucketNames: {
      reports: stateful.bucketRefs.reports.bucketName,
      archive: stateful.bucketRefs.archive.bucketName,
    },
  };
  const api = new ApiStack(app, `${prefix}-Api`, {
    ...shared,
    description: `济南市社会工作服务站管理系统 (${config.stage}): HTTP API and its functions`,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
  });
  const jobs = new JobsStack(app, `${prefix}-Jobs`, {
    ...shared,
    description: `济南市社会工作服务站管理系统 (${config.stage}): schedules, upload trigger, seed`,
    reportsBucket: stateful.bucketRefs.reports,
  });
  // The bucket names arrive through named exports, which CDK does not see as references.
  api.addStackDependency(stateful, 'imports the bucket name exports of the stateful stack');
  jobs.addStackDependency(stateful, 'imports the bucket name exports of the stateful stack');

  Tags.of(app).add('project', 'jinan-sgz');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, config, stateful, api, jobs };
}
