import { GetCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { DomainError } from '#shared/domain/errors';
import type { ImportRecord } from '#shared/domain/imports/import-record';
import { batchGet } from './batch-get';
import { documentClient } from './client';
import { keys } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

/** Bulk imports: the import's record, the markers of the rows it wrote, the marker of a file imported in full. */
const strip = (item: Record<string, unknown>): ImportRecord => {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as ImportRecord;
};

export async function getImport(id: string): Promise<ImportRecord | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.importRecord(id), ConsistentRead: true }),
  );
  return out.Item ? strip(out.Item) : undefined;
}

export const createImportWrite = (record: ImportRecord): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { ...keys.importRecord(record.id), entity: 'import', ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
});

export const updateImportWrite = (before: ImportRecord, after: ImportRecord): Write =>
  putIfVersion(
    tableName('main'),
    { ...keys.importRecord(after.id), entity: 'import', ...after },
    before.version,
  );

/** The error a row marker's condition raises: an earlier import (or a concurrent one) already wrote this row. */
export const rowAlreadyImported = () =>
  new DomainError('IMPORT_ROW_DONE', 409, '该行已导入', '该行的记录已由此前的导入写入，本次未重复写入。');

/** A row's marker, written in the row's transaction; it fails when the row was imported before. */
export const rowMarkerWrite = (
  kind: string,
  rowKey: string,
  importId: string,
  row: number,
  at: string,
): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { ...keys.importRow(kind, rowKey), entity: 'import-row', importId, row, at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: rowAlreadyImported,
});

/** Which of these row keys an import already wrote. */
export async function importedRowKeys(kind: string, rowKeys: readonly string[]): Promise<Set<string>> {
  const prefix = `IMPORTROW#${kind}#`;
  const items = await batchGet(
    rowKeys.map((k) => keys.importRow(kind, k)),
    { projection: 'pk' },
  );
  return new Set(items.map((item) => String(item.pk).slice(prefix.length)));
}

/** The import that wrote this file in full for this scope, if any. */
export async function importOfFile(
  kind: string,
  scopeKey: string,
  sha256: string,
): Promise<string | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.importFile(kind, scopeKey, sha256) }),
  );
  return out.Item ? String(out.Item.importId) : undefined;
}

export const fileMarkerWrite = (kind: string, scopeKey: string, sha256: string, importId: string): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: { ...keys.importFile(kind, scopeKey, sha256), entity: 'import-file', importId },
    },
  },
});

/** Contract ids by contract number (the number guard every contract takes), for the rows that name one. */
export async function contractIdsByNumber(numbers: readonly string[]): Promise<Map<string, string>> {
  const items = await batchGet(numbers.map((n) => keys.contractNumber(n)));
  return new Map(
    items.map((item) => [String(item.pk).slice('CONTRACT_NUMBER#'.length), String(item.contractId)]),
  );
}
