import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '#infra/build-app';
import { NO_BUNDLING } from './synth';

/** Every acknowledgment recorded in the tree: the rule (finding included) and the reason given. */
function acknowledgments(root: IConstruct): { rule: string; reason: string; path: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({
          rule: rule.replace(/^Annotation::/, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

// Synthesizing every stack of the app (one per route tag) for annotations takes longer than the default 30 s on a
// loaded machine. 360 s, not 180 s: with the six worker functions, queues and dead-letter alarms of issue 20's
// fan-out, the first test's synth alone took 141 s on the 2 shared cores, and CI's machine is as loaded.
describe('compliance of the CDK app', { timeout: 360_000 }, () => {
  // Built, not synthesized: a finding must fail the tests about findings, not every test of the file.
  let built: BuiltApp;
  beforeAll(() => {
    built = buildApp({ ...NO_BUNDLING });
  });

  it('has no cdk-nag AwsSolutions finding that is not acknowledged with a reason', () => {
    try {
      built.app.synth(); // applies the aspects; throws on a finding, which the report below lists
    } catch {}
    const report = new AwsSolutionsChecks().validateScope(built.app);

    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });

  /** Every stack of the app: stateful, API, each routes stack, stage, jobs, the portal. */
  const stacks = () => built.app.node.children.filter(Stack.isStack);

  it('attaches no error or warning annotation to any construct', () => {
    expect(built.portal).toBeDefined();
    expect(stacks()).toHaveLength(5 + built.routes.length);
    for (const stack of stacks()) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('acknowledges only the reviewed AwsSolutions rules', () => {
    const rules = new Set(acknowledgments(built.app).map(({ rule }) => rule.replace(/\[.*$/, '')));

    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-S1',
      'AwsSolutions-SQS3',
    ]);
  });

  it('gives every acknowledgment a specific reason', () => {
    for (const { reason, path, rule } of acknowledgments(built.app)) {
      expect(reason.length, `${rule} at ${path}`).toBeGreaterThan(80);
      expect(reason, `${rule} at ${path}`).not.toMatch(/^(n\/?a|none|not needed|todo|ok)\b/i);
    }
  });

  it('acknowledges IAM wildcards finding by finding, never a whole rule', () => {
    const iam5 = acknowledgments(built.app).filter(({ rule }) => rule.startsWith('AwsSolutions-IAM5'));

    expect(iam5.length).toBeGreaterThan(0);
    for (const { rule, path } of iam5) {
      if (/\/Custom::CDKBucketDeployment[0-9A-F]+$/.test(path)) {
        // CDK's own deployment function (the portal's files copied at deploy time): the action groups
        // grantReadWrite writes and the invalidation CDK grants on `*`, each named, nothing else.
        expect(rule, path).toMatch(
          /^AwsSolutions-IAM5\[(Action::s3:(GetBucket|GetObject|List|Abort|DeleteObject)\*|Resource::\*|Resource::.+\/\*)\]$/,
        );
      } else {
        expect(rule, path).toMatch(/^AwsSolutions-IAM5\[Resource::.+\/?\*\]$/);
      }
    }
  });

  it('fails synthesis when a resource breaks an AwsSolutions rule without an acknowledgment', () => {
    const { app, stateful } = buildApp({ ...NO_BUNDLING });
    new Bucket(stateful, 'Careless');

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('synthesizes environment-agnostic stacks: no account or region is looked up', () => {
    for (const stack of stacks()) {
      expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    }
  });
});
