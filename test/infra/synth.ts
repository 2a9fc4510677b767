import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';
import { type BuiltApp, buildApp } from '#infra/build-app';

/**
 * `aws:cdk:bundling-stacks: []` tells every asset with bundling (each NodejsFunction) that no stack needs it:
 * esbuild does not run, the asset is the source folder fingerprinted by construct path, and a synthesis takes
 * seconds. `npx cdk synth` bundles for real.
 */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

export interface Synthesized extends BuiltApp {
  readonly templates: {
    readonly stateful: Template;
    readonly api: Template;
    /** Those of `routes`, in the same order. */
    readonly routes: readonly Template[];
    readonly jobs: Template;
    readonly stage: Template;
    /** The portal stack's, unless `portal=false`. */
    readonly portal?: Template;
  };
  /** The template of the stack a construct is in, e.g. of a route's function. */
  readonly templateOf: (construct: IConstruct) => Template;
}

/** Builds and synthesizes the app (cdk-nag runs, and throws on an unacknowledged finding). */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const built = buildApp({ ...NO_BUNDLING, ...context });
  built.app.synth();
  const byStack = new Map<Stack, Template>(
    [
      built.stateful,
      built.api,
      ...built.routes,
      built.jobs,
      built.stage,
      ...(built.portal ? [built.portal] : []),
    ].map((stack) => [stack, Template.fromStack(stack)]),
  );
  const templateOf = (construct: IConstruct): Template => {
    const template = byStack.get(Stack.of(construct));
    if (!template) throw new Error(`${construct.node.path} is in no stack of the app`);
    return template;
  };
  return {
    ...built,
    templates: {
      stateful: templateOf(built.stateful),
      api: templateOf(built.api),
      routes: built.routes.map(templateOf),
      jobs: templateOf(built.jobs),
      stage: templateOf(built.stage),
      ...(built.portal ? { portal: templateOf(built.portal) } : {}),
    },
    templateOf,
  };
}

/** The logical id of a construct's CloudFormation resource (its default child) in its stack. */
export const logicalIdOf = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** One IAM policy statement as synthesized. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

export const actionsOf = (statement: Statement): string[] => ([] as string[]).concat(statement.Action);

/** Every statement of the policies attached to a role (by the role's logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/**
 * A role's grants of one service (`s3`, `ses`): each resource, flattened as cdk-nag names it
 * (`arn:<AWS::Partition>:s3:::<bucket export>/uploads/*`), with the sorted actions allowed on it.
 */
export function grantsOfRole(
  template: Template,
  roleLogicalId: string,
  service: string,
): Record<string, string[]> {
  const grants: Record<string, Set<string>> = {};
  for (const statement of statementsOfRole(template, roleLogicalId)) {
    const actions = actionsOf(statement).filter((action) => action.startsWith(`${service}:`));
    if (statement.Effect !== 'Allow' || actions.length === 0) continue;
    for (const resource of ([] as unknown[]).concat(statement.Resource)) {
      const arn = flattenCfnReference(resource);
      grants[arn] ??= new Set();
      for (const action of actions) grants[arn].add(action);
    }
  }
  return Object.fromEntries(Object.entries(grants).map(([arn, actions]) => [arn, [...actions].sort()]));
}

/** The environment variables of a function as synthesized. */
export const environmentOf = (template: Template, stack: Stack, fn: IConstruct): Record<string, unknown> =>
  template.findResources('AWS::Lambda::Function')[logicalIdOf(stack, fn)]?.Properties.Environment.Variables ??
  {};
