import { QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { AuditRecord } from '#shared/domain/audit/audit-record';
import { documentClient } from './client';
import { keys } from './keys';
import { decodeCursor, encodeCursor, type Page } from './pagination';

const strip = ({ pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...rest }: Record<string, unknown>) =>
  rest as unknown as AuditRecord;

/** Newest first: the audit records of a district (or of the city level), or of one entity. */
export async function queryAudit(
  where: { scope: string } | { entityType: string; entityId: string },
  limit: number,
  cursor?: string,
): Promise<Page<AuditRecord>> {
  const byScope = 'scope' in where;
  const partition = byScope
    ? keys.auditScopePartition(where.scope)
    : keys.auditOfEntity(where.entityType, where.entityId);
  const state = decodeCursor(cursor, (p) => p === partition);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('audit'),
      ...(byScope ? { IndexName: 'byScope' } : {}),
      KeyConditionExpression: `${byScope ? 'gsi1pk' : 'pk'} = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: limit,
      ...(state ? { ExclusiveStartKey: state.key } : {}),
    }),
  );
  const items = (out.Items ?? []).map(strip);
  return out.LastEvaluatedKey
    ? { items, nextCursor: encodeCursor({ partition, key: out.LastEvaluatedKey }) }
    : { items };
}
