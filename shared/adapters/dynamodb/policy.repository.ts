import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { versionConflict } from '#shared/domain/errors';
import type { PolicyVersion } from '#shared/domain/policy/policy';
import { documentClient } from './client';
import { keys } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

const strip = ({ pk: _pk, sk: _sk, entity: _e, ...rest }: Record<string, unknown>) =>
  rest as unknown as PolicyVersion;

/** The versions and the revision of the set (0 before the first version). */
export interface PolicySet {
  readonly versions: PolicyVersion[];
  readonly revision: number;
}

/** Every policy version, oldest first, and the set's revision (one small partition). */
export async function readPolicySet(): Promise<PolicySet> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.policyPartition() },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const head = items.find((i) => i.sk === keys.policySetHead().sk);
  return {
    versions: items.filter((i) => String(i.sk).startsWith('VERSION#')).map(strip),
    revision: Number(head?.revision ?? 0),
  };
}

export const listPolicyVersions = async (): Promise<PolicyVersion[]> => (await readPolicySet()).versions;

/**
 * Moves the set from the revision that was read to the next one. Every change to the versions carries it, so two
 * changes planned on the same reading (e.g. two overlapping versions created at once) cannot both commit.
 */
export function advancePolicySet(readRevision: number): Write {
  const next = { ...keys.policySetHead(), entity: 'policy-set', revision: readRevision + 1 };
  return {
    item: {
      Put: {
        TableName: tableName('main'),
        Item: next,
        ...(readRevision === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#revision = :read',
              ExpressionAttributeNames: { '#revision': 'revision' },
              ExpressionAttributeValues: { ':read': readRevision },
            }),
      },
    },
    onConditionFailed: versionConflict,
  };
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
