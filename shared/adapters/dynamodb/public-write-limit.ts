import { UpdateCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { documentClient } from './client';
import { keys } from './keys';

/**
 * Counts one public write of a network source to a route in the current hour, unless the source already made
 * `limit` of them: one conditional update of a counter that DynamoDB deletes after the hour (TTL `expiresAt`).
 * Not an audited change of any record: it remembers no person, only a hash of an address, for at most two hours.
 */
export async function countPublicWrite(
  sourceHash: string,
  route: string,
  hourStartEpochSeconds: number,
  limit: number,
): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('main'),
        Key: keys.publicWriteWindow(sourceHash, route, hourStartEpochSeconds),
        UpdateExpression: 'ADD writes :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(writes) OR writes < :limit',
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': limit,
          ':expires': hourStartEpochSeconds + 2 * 3600,
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
