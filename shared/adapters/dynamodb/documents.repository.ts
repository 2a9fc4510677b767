import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { CoSigned } from '#shared/domain/contracts/co-signed';
import type { TaskProgress } from '#shared/domain/contracts/task-book';
import { versionConflict } from '#shared/domain/errors';
import { documentClient } from './client';
import { keys } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

export type DocumentKind = 'needs-survey' | 'task-book';

/** A co-signed document as stored: the document, its contract and year, and the optimistic-lock version. */
export interface StoredDocument<C> extends CoSigned<C> {
  readonly contractId: string;
  readonly kind: DocumentKind;
  readonly year: number;
  readonly version: number;
  readonly updatedAt: string;
}

export async function getDocument<C>(
  contractId: string,
  kind: DocumentKind,
  year: number,
): Promise<StoredDocument<C> | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.contractDocument(contractId, kind, year),
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ...doc } = out.Item;
  return doc as StoredDocument<C>;
}

/** Creates the document (refused if it appeared meanwhile) or replaces it at the version that was read. */
export function putDocumentWrite<C>(after: StoredDocument<C>, before?: StoredDocument<C>): Write {
  const item = {
    ...keys.contractDocument(after.contractId, after.kind, after.year),
    entity: after.kind,
    ...after,
  };
  if (before) return putIfVersion(tableName('main'), item, before.version);
  return {
    item: {
      Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onConditionFailed: versionConflict,
  };
}

export interface StoredProgress extends TaskProgress {
  readonly taskId: string;
  readonly version: number;
}

/** Progress of every task of a service year's task book, by task id. */
export async function listProgress(
  contractId: string,
  year: number,
): Promise<Record<string, StoredProgress>> {
  const prefix = keys.taskProgressPrefix(contractId, year);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
      ConsistentRead: true,
    }),
  );
  return Object.fromEntries(
    (out.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _e, ...p }) => [
      String(p.taskId),
      p as StoredProgress,
    ]),
  );
}

export function putProgressWrite(
  contractId: string,
  year: number,
  after: StoredProgress,
  before?: StoredProgress,
): Write {
  const item = { ...keys.taskProgress(contractId, year, after.taskId), entity: 'task-progress', ...after };
  if (before) return putIfVersion(tableName('main'), item, before.version);
  return {
    item: {
      Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onConditionFailed: versionConflict,
  };
}
