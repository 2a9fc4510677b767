import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag v3 acknowledgments go through CDK's own `Validations.of(scope).acknowledge()`; a granular rule such as
 * AwsSolutions-IAM5 must be acknowledged finding by finding, and the finding names the resource as cdk-nag
 * flattens it (`arn:<AWS::Partition>:s3:::<name>/uploads/*`). These helpers compute that text from the very ARN
 * the policy grants, so an acknowledgment can never cover a resource other than the one it was written for.
 */
export const wildcardResourceFinding = (scope: IConstruct, arn: string): string =>
  `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}]`;

/** Acknowledge AwsSolutions-IAM5 for exactly these resource ARNs on `scope` (a role or its policy). */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  arns: readonly string[],
  reason: string,
): void {
  Validations.of(scope).acknowledge(
    ...arns.map((arn) => ({ id: wildcardResourceFinding(scope, arn), reason })),
  );
}
