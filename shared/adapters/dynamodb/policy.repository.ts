import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '#shared/config';
import { versionConflict } from '#shared/domain/errors';
import type { PolicyVersion } from '#shared/domain/policy/policy';
import { documentClient } from './client';
import { keys } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

const strip = ({ pk: _pk, sk: _sk, entity: _e, ...rest }: Record<string, unknown>) =>
  rest as unknown as PolicyVersion;

/** Every policy version, oldest first (one small partition: a handful of versions over the years). */
export async function listPolicyVersions(): Promise<PolicyVersion[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.policyPartition() },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(strip);
}

const item = (v: PolicyVersion) => ({
  ...keys.policyVersion(v.validFrom, v.id),
  entity: 'policy-version',
  ...v,
});

export const createPolicyWrite = (v: PolicyVersion, onExists = versionConflict): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: item(v), ConditionExpression: 'attribute_not_exists(pk)' },
  },
  onConditionFailed: onExists,
});

/** Closing an open-ended version is conditional on the version that was read. */
export const updatePolicyWrite = (before: PolicyVersion, after: PolicyVersion): Write =>
  putIfVersion(tableName('main'), item(after), before.version);
